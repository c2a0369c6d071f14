"""Development tooling: the fake Gmail, the demo and benchmark data, the `make run` runner.

Nothing in the production apps imports this package (tests/test_dependencies.py checks),
and the production image leaves it out (.dockerignore), so Orbit runs without it.
"""
