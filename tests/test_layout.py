"""The package's shape (style.md §4.2): imports point down, no module imports itself back in a
circle, the ground floor and the calendar know no feature, view modules hold no SQL.

The import graph is read from the source with `ast` (every import, also those inside functions:
a lazy import that closes a circle is still a circle). Run `python -m tests.test_layout` to print
the package's upward imports and cycles."""
import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "inspectapp"

#: Modules and packages that form the ground floor: they may import only each other.
GROUND = {"config", "extensions", "i18n", "common", "db", "security", "ratelimit"}

#: Feature packages by level (style.md §4.2): the models, services and other domain modules of a
#: package import only from lower levels (and the ground floor). Packages on one level do not
#: import each other.
LEVELS = {
    "orgs": 1,
    "auth": 2,
    "officialdoc": 3, "workcal": 3,
    "evaluations": 4, "inspections": 4,
    "complaints": 5, "qr": 5,
    "rectifications": 6,
    "reports": 7,
    "surveys": 8,  # the 群众评议 表扬 list reads the reports' period figures
}

#: The audit log is written by every feature (also orgs and auth, below the users it records):
#: any module may import it; it imports only the ground floor and the users' and units' models.
AUDIT = "audit"
AUDIT_MAY_IMPORT = {"inspectapp.auth.models", "inspectapp.orgs.models"}

#: Known upward imports, each with its reason. The test fails when one is no longer needed.
ALLOWED_UPWARD = {
    ("inspectapp.evaluations.services", "inspectapp.complaints.services"):
        "a 差评 opens its ticket in the same transaction as the rating is stored (the hot path)",
}


def _is_web_layer(module):
    """Views, blueprints, CLI commands, demo seeding, "waiting for you" panels: they sit on top of
    every feature's services (style.md §4.2, "Views sit on top of all of this"). `presenting` is the
    audit page's presentation (it names and links the objects of every feature), used by its view only."""
    leaf = module.rsplit(".", 1)[-1]
    return "views" in leaf or leaf in {"blueprint", "cli", "demo", "waiting", "forms", "links", "panels", "presenting"}


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules():
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts}


def _targets(node, module, is_package, known):
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join(package + ([base] if base else []))
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            yield name


def import_graph():
    """{module: {imported inspectapp module, …}} over every import statement of the package."""
    known = modules()
    graph = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = (n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))
        graph[module] = {t for n in nodes for t in _targets(n, module, path.name == "__init__.py", known)
                         if t != module and t.startswith("inspectapp")}
    return graph


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while not component or w != v:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _top(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def upward_imports(graph):
    """(importer, imported, why) for every import that points up or sideways."""
    bad = []
    for module, targets in graph.items():
        top = _top(module)
        for target in sorted(targets):
            other = _top(target)
            if other == top:
                continue
            if top in GROUND and other not in GROUND:
                bad.append((module, target, "the ground floor imports a feature"))
            elif top == AUDIT and other not in GROUND and target not in AUDIT_MAY_IMPORT \
                    and not _is_web_layer(module):
                bad.append((module, target, "the audit log imports a feature"))
            elif top in LEVELS and other in LEVELS and not _is_web_layer(module) \
                    and LEVELS[other] >= LEVELS[top]:
                bad.append((module, target, f"{top} (level {LEVELS[top]}) imports {other} (level {LEVELS[other]})"))
            elif top in LEVELS and other in LEVELS and _is_web_layer(target) and not _is_web_layer(module):
                bad.append((module, target, "a domain module imports a web-layer module"))
            elif top in LEVELS and "views" in target.rsplit(".", 1)[-1]:
                bad.append((module, target, "imports another feature's views"))
    return bad


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_imports_point_down():
    bad = [b for b in upward_imports(import_graph()) if b[:2] not in ALLOWED_UPWARD]
    assert bad == []


def test_every_allowed_upward_import_is_still_needed():
    found = {b[:2] for b in upward_imports(import_graph())}
    assert set(ALLOWED_UPWARD) <= found


def test_the_ground_floor_and_the_calendar_import_no_feature():
    graph = import_graph()
    for module, targets in graph.items():
        if _top(module) in GROUND:
            assert {_top(t) for t in targets} <= GROUND, module
        if _top(module) == "workcal":
            assert {_top(t) for t in targets} <= GROUND | {"workcal", "auth", AUDIT}, module


def test_no_views_module_is_imported_by_a_non_views_module():
    graph = import_graph()
    offenders = [(m, t) for m, targets in graph.items() for t in targets
                 if "views" in t.rsplit(".", 1)[-1] and "views" not in m.rsplit(".", 1)[-1] and m != "inspectapp"]
    assert offenders == []


def test_view_modules_hold_no_sql():
    for module, path in modules().items():
        if "views" in module.rsplit(".", 1)[-1]:
            source = path.read_text(encoding="utf-8")
            assert "execute_sql" not in source and ".raw(" not in source, module


def test_every_table_file_is_written_by_common_exports():
    """CSV and XLSX go through one writer (formula guard, types, BOM): no other module imports csv or openpyxl."""
    writers = []
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("csv", "openpyxl") for n in names):
                writers.append(module)
    assert set(writers) == {"inspectapp.common.exports"}


def test_the_checks_see_a_cycle_and_an_upward_import():
    """The graph tools themselves: a made-up circle and a ground-floor import of a feature are found."""
    graph = {"inspectapp.a": {"inspectapp.b"}, "inspectapp.b": {"inspectapp.a"}, "inspectapp.c": set()}
    assert cycles(graph) == [["inspectapp.a", "inspectapp.b"]]
    assert upward_imports({"inspectapp.db": {"inspectapp.orgs.models"}})[0][2] == "the ground floor imports a feature"
    assert upward_imports({"inspectapp.orgs.models": {"inspectapp.reports.stats"}})


if __name__ == "__main__":
    g = import_graph()
    for c in cycles(g):
        print("cycle:", " -> ".join(c))
    for importer, imported, why in upward_imports(g):
        print(f"{importer} -> {imported}: {why}" + ("  (allowed)" if (importer, imported) in ALLOWED_UPWARD else ""))
