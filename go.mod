module github.com/signpost-kb/signpost

go 1.26
