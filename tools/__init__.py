"""tools: the command-line side of the site, which a build never loads.

`plugins/` holds what Pelican loads to build the site; this package holds what
people run by hand through `invoke` (see tasks.py):

    tools.comments    the moderator's side of comments: reading the form services'
                      exports, classifying, importing into the store, moderating,
                      the tables and panels the commands print
    tools.wordpress   the migration of a WordPress blog (as `pelican-import` is a
                      tool beside Pelican, not part of a build)
    tools.site        building, serving and livereload (with its warm build
                      process), checking and starting posts, publishing

Both use the comment model and store of the `comments` plugin (`comments.model`,
`comments.store`), which the build reads too; nothing in `plugins/` imports from
here (a test builds the site and checks that no `tools` module was loaded).
"""


class Stop(Exception):
    """A command cannot go on: the message says why and what to do; `code` is the exit status.

    tasks.py prints the message, never a traceback.
    """

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.message, self.code = message, code
