"""Dependencies point inward: applications knows nothing of the apps built on it."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

# Apps that build on applications; applications may import, reference or depend on none.
HIGHER = frozenset({"mail_sync", "analytics", "api"})
APPLICATIONS = Path(settings.BASE_DIR) / "applications"


def _imported_modules(tree: ast.AST) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules.add(str(node.args[0].value))
    return modules


def _model_references(tree: ast.AST) -> set[str]:
    """String constants naming another app's model ("mail_sync.Message") or module."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for app in HIGHER:
                if node.value.startswith((f"{app}.", f"{app}:")) or node.value == app:
                    found.add(node.value)
    return found


def test_applications_source_and_migrations_import_no_higher_app():
    """No module under applications/ (migrations included) imports or names a higher app."""
    offenders = []
    for path in sorted(APPLICATIONS.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for module in _imported_modules(tree):
            if module.split(".")[0] in HIGHER:
                offenders.append(f"{path.relative_to(settings.BASE_DIR)} imports {module}")
        for reference in _model_references(tree):
            offenders.append(f"{path.relative_to(settings.BASE_DIR)} names {reference!r}")
    assert offenders == []


def test_applications_migrations_depend_on_no_higher_app():
    """Every applications migration can run before any mail_sync, analytics or api one."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    dependencies = [
        (name, dependency)
        for (app, name), migration in loader.disk_migrations.items()
        if app == "applications"
        for dependency in migration.dependencies
        if dependency[0] in HIGHER
    ]
    assert dependencies == []


def test_applications_models_point_at_no_higher_app():
    """No foreign key or many-to-many field of an applications model leads into a higher app."""
    forward = [
        f"{model.__name__}.{field.name} → {field.related_model._meta.label}"
        for model in apps.get_app_config("applications").get_models()
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation and field.related_model._meta.app_label in HIGHER
    ]
    assert forward == []


def test_no_production_module_imports_devtools():
    """The fake Gmail, demo data and runner (devtools/) are development tooling: no production
    app imports them, and the production image leaves them out."""
    root = Path(settings.BASE_DIR)
    packages = sorted(
        path.parent
        for path in root.glob("*/__init__.py")
        if path.parent.name not in {"devtools", "tests", "bench"}
    )
    assert {"orbit", "applications", "mail_sync", "analytics", "api"} <= {p.name for p in packages}
    offenders = [
        f"{path.relative_to(root)} imports {module}"
        for package in packages
        for path in sorted(package.rglob("*.py"))
        for module in _imported_modules(ast.parse(path.read_text(), filename=str(path)))
        if module.split(".")[0] == "devtools"
    ]
    assert offenders == []
    assert "devtools" in (root / ".dockerignore").read_text().split()


def _imports_by_file(package: str) -> dict[str, set[str]]:
    """What each file of one of our packages imports ("from a import b" as a and a.b too)."""
    found = {}
    for path in sorted((Path(settings.BASE_DIR) / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        found[str(path.relative_to(settings.BASE_DIR))] = _imported_modules(tree) | {
            f"{node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and not node.level
            for alias in node.names
        }
    return found


def test_the_api_imports_no_view_module():
    """The API reads through models, filters and services, never through a page's view."""
    ours = {"orbit", "applications", *HIGHER}
    offenders = [
        f"{path} imports {module}"
        for path, modules in _imports_by_file("api").items()
        if path != "api/urls.py"  # routes the API's own HTML pages (the tokens page)
        for module in sorted(modules)
        if module.split(".")[0] in ours and any(p.startswith("views") for p in module.split("."))
    ]
    assert offenders == []


def test_orbit_imports_none_of_the_apps_above_it():
    """orbit/ is the bottom layer; only the URL conf names the apps' views."""
    offenders = [
        f"{path} imports {module}"
        for path, modules in _imports_by_file("orbit").items()
        if path != "orbit/urls.py"
        for module in sorted(modules)
        if module.split(".")[0] in {"applications", *HIGHER}
    ]
    assert offenders == []
