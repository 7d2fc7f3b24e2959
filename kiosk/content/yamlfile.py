"""Read a YAML file into plain Python values plus the line of every value.

PyYAML drops positions once it constructs objects, but validation messages must name the
line. So we compose the node tree ourselves and keep a map from each value's path
(a tuple of keys and list indexes) to its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.content.problems import Problem

# libyaml's parser when PyYAML has it (the wheels do): 10x faster, same nodes and line marks.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases can expand a small file into a huge tree ("billion laughs"); no content file needs this many.
MAX_NODES = 50_000


class _TooBig(Exception):
    pass


@dataclass
class YamlDoc:
    path: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, where: tuple) -> int:
        """The line of ``where``, or of its nearest parent that has one."""
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)

    def problem(self, where: tuple, message: str) -> Problem:
        return Problem(self.path, self.line(where), message)


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc, problems: list[Problem]):
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.nodes = 0

    def convert(self, node: yaml.Node, where: tuple) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig
        self.doc.lines[where] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(
                        Problem(self.doc.path, key_node.start_mark.line + 1, "keys must be plain words")
                    )
                    continue
                # Keys are always read as written: YAML 1.1 would turn `on:` or `no:` into booleans.
                key = key_node.value
                if key in result:
                    self.problems.append(
                        Problem(self.doc.path, key_node.start_mark.line + 1, f"duplicate key '{key}'")
                    )
                result[key] = self.convert(value_node, where + (key,))
                # A problem with a value is reported where its key is written.
                self.doc.lines[where + (key,)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, where + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            # An impossible date such as 2026-02-30: keep the text, validation names the line.
            return node.value
        # YAML 1.1 reads 18:00 as the number 1080 and 0461 as an octal number; people mean text.
        if isinstance(value, int) and not isinstance(value, bool) and not node.style:  # plain: None or ""
            raw = node.value
            if ":" in raw or (len(raw) > 1 and raw.startswith("0")) or "_" in raw:
                return raw
        return value


def read_yaml(path: Path, display_path: str | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML file; never raises for bad content, returns problems instead."""
    shown = display_path or str(path)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(shown, 1, f"not UTF-8 text ({error.reason} at byte {error.start})")]
    except OSError as error:
        return None, [Problem(shown, 1, f"cannot read file: {error.strerror or error}")]
    doc = YamlDoc(shown, None)
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                doc.data = _Converter(loader, doc, problems).convert(node, ())
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or error.context or "invalid YAML"
        return None, [Problem(shown, line, f"YAML syntax error: {reason}")]
    except _TooBig:
        return None, [Problem(shown, 1, f"file too large or too deeply aliased (over {MAX_NODES} values)")]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        # The constructor raises plain ValueError for things like an impossible date (2026-02-30).
        return None, [Problem(shown, 1, f"cannot read YAML: {error}")]
    return doc, problems
