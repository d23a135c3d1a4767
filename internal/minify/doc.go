// Package minify takes out of the theme's stylesheets and scripts what only
// their authors read (comments, indentation, blank lines), so that pages
// load fewer bytes. Neither function parses its language in full, and
// neither tries to: each changes only white space and comments, and JS
// leaves a script as it is where it cannot be sure of that.
//
// It owns nothing else: the theme (internal/render) decides which files
// are minified and publishes them.
package minify
