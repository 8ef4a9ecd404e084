"""The site's command-line side: building, serving and livereload, writing, publishing (tasks.py wraps it)."""
