// Package e2e holds signpost's browser tests. Its Go test builds the sample
// site under the base path /kb/, serves it on loopback with the
// Content-Security-Policy the README tells sites to deploy with, and runs
// the JavaScript tests beside this file (node --test, playwright-core
// driving Debian's Chromium, axe-core auditing) against it.
//
// The tests need /usr/bin/chromium, node and the npm packages:
//
//	apt-get install -y chromium
//	npm ci --prefix internal/e2e
//	go test ./internal/e2e
//
// Without them the test is skipped, and says so; with SIGNPOST_E2E=require
// (as in CI) a missing browser fails it instead. There is no Go code here
// but the test.
package e2e
