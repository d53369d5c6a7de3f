"""What a patch put in place of moto's own, so that it can be taken out again."""

from __future__ import annotations

from typing import Any

_ABSENT = object()


class Replacements:
    """Attributes set on moto's classes and modules, with what each one held before."""

    def __init__(self) -> None:
        self._saved: list[tuple[Any, str, Any]] = []

    def __bool__(self) -> bool:
        return bool(self._saved)

    def replace(self, owner: Any, name: str, value: Any) -> Any:
        """Set `owner.name` to `value`; return what `owner.name` gave until now (or None).

        A class's own attribute is saved, not an inherited one: taking a patch out of a class
        that inherited the attribute deletes it, and the class inherits again."""
        own = vars(owner).get(name, _ABSENT)
        current = getattr(owner, name, None)
        self._saved.append((owner, name, own))
        setattr(owner, name, value)
        return current

    def targets(self) -> list[tuple[Any, str]]:
        """Every (owner, attribute name) replaced."""
        return [(owner, name) for owner, name, _ in self._saved]

    def undo(self) -> None:
        while self._saved:
            owner, name, own = self._saved.pop()
            if own is _ABSENT:
                delattr(owner, name)
            else:
                setattr(owner, name, own)
