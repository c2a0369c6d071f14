"""Walk the whole URL conf so sweeps cover every URL, including ones added later."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern

OBJECT_ID = 987654
# Values tried for non-integer parameters until the URL reverses (covers str, slug, path,
# uuid and allauth's regex keys such as "<uidb36>-<key>").
OTHER_VALUES = ["1", "abc", "00000000-0000-4000-8000-000000000000"]


@dataclass
class Endpoint:
    route: str  # the joined route, for messages
    name: str | None  # namespaced name, e.g. "applications:detail"
    callback: object
    int_kwargs: list[str] = field(default_factory=list)
    other_kwargs: list[str] = field(default_factory=list)
    regex_kwargs: list[str] = field(default_factory=list)

    def url(self) -> str | None:
        """A concrete URL for this pattern: integer ids are OBJECT_ID."""
        from django.urls import NoReverseMatch, reverse

        if not self.name:
            return self._url_from_route()
        plain = self.other_kwargs + self.regex_kwargs
        for value in OTHER_VALUES:
            kwargs = {name: OBJECT_ID for name in self.int_kwargs} | dict.fromkeys(plain, value)
            try:
                url = reverse(self.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if self._resolves_here(url):
                return url
        return None

    def _url_from_route(self) -> str | None:
        if self.regex_kwargs or "^" in self.route:
            return None
        url = "/" + re.sub(r"<int:\w+>", str(OBJECT_ID), self.route)
        url = re.sub(r"<(?:\w+:)?\w+>", "abc", url)
        return url if self._resolves_here(url) else None

    def _resolves_here(self, url: str) -> bool:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(url)
        except Resolver404:
            return False
        return match.func is self.callback


def endpoints() -> Iterator[Endpoint]:
    yield from _walk(get_resolver().url_patterns, prefix="", namespace="", ints=[], others=[])


def _split(pattern, ints: list[str], others: list[str], regexes: list[str]) -> str:
    if isinstance(pattern, RoutePattern):
        for name, converter in pattern.converters.items():
            (ints if isinstance(converter, IntConverter) else others).append(name)
        return str(pattern)
    if isinstance(pattern, RegexPattern):
        for name, group in re.findall(r"\(\?P<(\w+)>([^)]*)\)", pattern._regex):
            # A digits-only group is an integer id as far as the sweep is concerned.
            (ints if group in {r"\d+", "[0-9]+"} else regexes).append(name)
        return pattern._regex
    return str(pattern)


def _walk(patterns, *, prefix: str, namespace: str, ints: list[str], others: list[str]):
    for entry in patterns:
        entry_ints, entry_others, entry_regexes = list(ints), list(others), []
        route = prefix + _split(entry.pattern, entry_ints, entry_others, entry_regexes)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(
                entry.url_patterns,
                prefix=route,
                namespace=inner,
                ints=entry_ints,
                others=entry_others + entry_regexes,
            )
        elif isinstance(entry, URLPattern):
            yield Endpoint(
                route=route,
                name=f"{namespace}{entry.name}" if entry.name else None,
                callback=entry.callback,
                int_kwargs=entry_ints,
                other_kwargs=entry_others,
                regex_kwargs=entry_regexes,
            )
