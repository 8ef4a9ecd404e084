"""What a template reads from its context, found by reading it and every template it extends, includes or imports.

A page's key is made of the values its templates read (see pages.py), so the
names come from the templates themselves (Jinja's own analysis of each template's
free names): a template that starts reading `related_posts` puts `related_posts`
into the key of every page it renders, with nothing to declare. A template named
only at run time (`{% include some_variable %}`) cannot be followed: the pages of
that template then count every value of their context.

Listing pages get Pelican's pagination objects: `articles_page` (this page's
articles), `articles_previous_page`, `articles_next_page` and `articles_paginator`
(the whole listing). A listing's previous and next pages, and its paginator, are
counted by their URL and size only ("outline") as long as every template uses them
only that way: `.url`, `.number`, `.has_next()`, `.num_pages`... or as a test
(`{% if articles_next_page %}`). Any other use (`.object_list`, passing one to a
macro, `{% set %}` to another name) counts it whole, articles and all.

The attribute names the templates can read (`attributes`) are every `.name` and
every string constant in them (`x["name"]`, `map(attribute="name")`, split at
dots), with those the declared functions they call follow (inputs.py). An article
pointed to by another through any other attribute cannot be reached by these
templates, so it counts only as being there (fingerprint.py). A template that
looks an attribute up by a name it computes (`x[name]`, `attr(name)`) or reads a
dunder (`__dict__`) may reach anything: its attributes are None, all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import TemplateNotFound, TemplateSyntaxError, meta, nodes

from .fingerprint import OUTLINE, PAGE, WHOLE

# What a template may read of a listing's pages and paginator and still have them counted in outline.
PAGE_ATTRIBUTES = frozenset(
    {
        "number",
        "has_next",
        "has_previous",
        "has_other_pages",
        "next_page_number",
        "previous_page_number",
        "start_index",
        "end_index",
        "url",
        "save_as",
        "name",
        "full_name",
        "base_name",
        "base_url",
        "extension",
    }
)
PAGINATOR_ATTRIBUTES = frozenset({"num_pages", "count", "per_page", "page_range", "name", "url", "orphans"})
TRUTH_TESTS = (nodes.If, nodes.CondExpr, nodes.And, nodes.Or, nodes.Not, nodes.Test)
# Jinja's filters and tests that read an attribute named by an argument.
ATTRIBUTE_FILTERS = frozenset(
    {"attr", "map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max", "dictsort"}
)


@dataclass(frozen=True)
class Reads:
    """The context names a template (with those it uses) reads, and how its pagination objects count."""

    names: frozenset[str]
    everything: bool  # a template is named only at run time: every context value counts
    modes: tuple[tuple[str, str], ...] = ()  # pagination name -> OUTLINE or PAGE (absent: WHOLE)
    calls: frozenset[str] = frozenset()  # every name, filter and test the templates use (globals too)
    attributes: frozenset[str] | None = None  # the attribute names they can read; None: any

    def mode(self, name: str) -> str:
        """How a pagination object read under this name counts."""
        return dict(self.modes).get(name, WHOLE)

    def to_json(self) -> dict:
        """JSON-ready, to keep between builds."""
        return {
            "names": sorted(self.names),
            "everything": self.everything,
            "modes": dict(self.modes),
            "calls": sorted(self.calls),
            "attributes": None if self.attributes is None else sorted(self.attributes),
        }

    @classmethod
    def from_json(cls, data: dict) -> Reads:
        """The Reads back from `to_json`."""
        modes = tuple(sorted(data["modes"].items()))
        attributes = None if data["attributes"] is None else frozenset(data["attributes"])
        return cls(frozenset(data["names"]), bool(data["everything"]), modes, frozenset(data["calls"]), attributes)


def pagination_role(name: str) -> tuple[str, frozenset[str]] | None:
    """For a pagination name Pelican's writer sets: its best mode and the attributes that keep it."""
    if name.endswith("_paginator"):
        return OUTLINE, PAGINATOR_ATTRIBUTES
    if name.endswith(("_previous_page", "_next_page")):
        return OUTLINE, PAGE_ATTRIBUTES
    if name.endswith("_page"):
        return PAGE, PAGE_ATTRIBUTES | {"object_list"}
    return None


def with_parents(node: nodes.Node, parent: nodes.Node | None = None) -> Iterator[tuple[nodes.Node, nodes.Node | None]]:
    """Every node under `node`, with its parent."""
    yield node, parent
    for child in node.iter_child_nodes():
        yield from with_parents(child, node)


def used_in_outline(name: str, attributes: frozenset[str], ast: nodes.Template) -> bool:
    """Whether every use of `name` in the template reads only these attributes, or tests it."""
    for node, parent in with_parents(ast):
        if not (isinstance(node, nodes.Name) and node.name == name and node.ctx == "load"):
            continue
        if isinstance(parent, nodes.Getattr) and parent.node is node and parent.attr in attributes:
            continue
        if isinstance(parent, TRUTH_TESTS) and not isinstance(parent, nodes.CondExpr):
            continue
        if isinstance(parent, nodes.CondExpr) and parent.test is node:
            continue
        return False
    return True


def computed_lookup(node: nodes.Node) -> bool:
    """Whether a node looks an attribute up by a name known only when rendering, or reads a dunder."""
    if isinstance(node, nodes.Getattr):
        return node.attr.startswith("__")
    if isinstance(node, nodes.Getitem):
        return not isinstance(node.arg, (nodes.Const, nodes.Slice))
    if isinstance(node, (nodes.Filter, nodes.Test)) and node.name in ATTRIBUTE_FILTERS:
        arguments = [*node.args, *(keyword.value for keyword in node.kwargs)]
        return (
            node.dyn_args is not None
            or node.dyn_kwargs is not None
            or not all(isinstance(argument, nodes.Const) for argument in arguments)
        )
    return False


def attribute_names(ast: nodes.Template) -> frozenset[str] | None:
    """Every attribute name a template can read (see the module's docstring); None: any."""
    found: set[str] = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Test, nodes.Const)):
        if computed_lookup(node):
            return None
        if isinstance(node, nodes.Getattr):
            found.add(node.attr)
        elif isinstance(node, nodes.Const) and isinstance(node.value, str):
            found.update(node.value.split("."))
    return frozenset(found)


def template_reads(environment, name: str) -> Reads:
    """What the template `name` and every template it uses read from their context."""
    names: set[str] = set()
    calls: set[str] = set()
    attributes: set[str] | None = set()
    parsed: list[nodes.Template] = []
    everything = False
    pending, seen = [name], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = environment.loader.get_source(environment, current)[0]
            ast = environment.parse(source)
            names |= meta.find_undeclared_variables(ast)
        except (TemplateNotFound, TemplateSyntaxError):  # Jinja reports it when rendering
            everything = True
            continue
        parsed.append(ast)
        found = attribute_names(ast)
        attributes = None if found is None or attributes is None else attributes | found
        # Jinja leaves the environment's globals out of the free names: a function a template calls
        # (csp_meta) is found here, with the filters and tests (inputs.py may say what they read).
        calls |= {node.name for node in ast.find_all((nodes.Name, nodes.Filter, nodes.Test))}
        for used in meta.find_referenced_templates(ast):
            if used is None:
                everything = True
            else:
                pending.append(used)
    modes = []
    for read in sorted(names):
        role = pagination_role(read)
        if role is not None and all(used_in_outline(read, role[1], ast) for ast in parsed):
            modes.append((read, role[0]))
    readable = None if everything or attributes is None else frozenset(attributes)
    return Reads(frozenset(names), everything, tuple(modes), frozenset(calls), readable)
