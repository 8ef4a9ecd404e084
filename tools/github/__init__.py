"""The comment workflows' side of GitHub (.github/workflows/comments.yml only calls these).

- `notice`: one issue, "N comments awaiting moderation", kept up to date with the count
  and the articles' titles (what `invoke comments.fetch --count --json` says): never a
  name or a text, for a public repository.
- `pull`: the whole loop in CI, for a private repository: fetch and import, one pull
  request listing each waiting comment (escaped: no mention or link comes alive), the
  moderator's `/approve`, `/reject`, `/spam` comments on it obeyed from the repository's
  owners, members and collaborators, applied with `invoke comments.approve`'s code.
- `api`: the REST calls they need; `git`: the branches they write; `markdown`: reader
  text made inert. Run as `python -m tools.github COMMAND` (see __main__.py).
"""
