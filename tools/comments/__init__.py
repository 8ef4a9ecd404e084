"""The moderator's side of comments: exports in, classification, the store's queue, reports.

The build's side (reading the store, threading, rendering, the form) is the
`comments` plugin in plugins/comments/.
"""
