"""Development tooling is a package of its own: production code never imports it."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NOT_PRODUCTION = {"devtools", "tests", "bench"}


def production_packages() -> list[Path]:
    return sorted(
        path.parent
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_PRODUCTION and not path.parent.name.startswith(".")
    )


def imported_modules(source: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules.add(str(node.args[0].value))
    return modules


def test_no_production_module_imports_devtools():
    """orbit, applications, mail_sync, analytics, api… run without the devtools package."""
    packages = production_packages()
    assert {"orbit", "applications", "mail_sync", "analytics", "api"} <= {p.name for p in packages}
    offenders = [
        f"{source.relative_to(ROOT)} imports {module}"
        for package in packages
        for source in package.rglob("*.py")
        for module in imported_modules(source)
        if module == "devtools" or module.startswith("devtools.")
    ]
    assert offenders == []


def test_the_scan_sees_imports_of_every_form(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "import devtools.runner\nfrom devtools.demo import plan\n"
        "import importlib\nimportlib.import_module('devtools.fake_gmail')\n"
    )
    assert imported_modules(source) == {
        "devtools.runner",
        "devtools.demo",
        "importlib",
        "devtools.fake_gmail",
    }


def test_the_production_image_leaves_devtools_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "devtools" in ignored
