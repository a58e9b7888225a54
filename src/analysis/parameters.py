"""``--param NAME=VALUE``: parse safely and check against the notebook's parameters cell.

Every value is checked before anything runs:

- its **length** is bounded (:data:`MAX_VALUE_CHARS`), and parsing never raises
  ``MemoryError``/``RecursionError`` (a pathological literal is kept as text);
- its **type** must match the default's: an ``int`` parameter takes an ``int``, a
  ``float`` one an ``int`` or ``float``, a ``bool`` one ``True``/``False``, a ``str``
  one any text (a value that parsed as a number is taken as its text), a list a list;
  a ``None`` default accepts anything;
- a **range** or **choices** declared in the line's comment in the parameters cell::

      N_RESAMPLES = 2000      # bootstrap resamples (range: >= 1)
      CONFIDENCE = 0.95       # (range: > 0, < 1)
      THRESHOLD = 0.5         # (range: 0..1)
      METHOD = "nmf"          # topic model (choices: nmf | lda)

  A range is a comma-separated list of ``>= x``, ``> x``, ``<= x``, ``< x`` or an
  inclusive ``a..b``; choices are separated by ``|``. The declaration ends at ``)``,
  ``;`` or the end of the comment.

Violations raise :class:`~analysis.errors.NotebookError` with one line naming the
notebook, the parameter, the value and what is allowed.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from .errors import NotebookError

#: Longest ``--param`` value accepted (characters).
MAX_VALUE_CHARS = 2000
_DECL = re.compile(r"\b(range|choices)\s*:\s*([^);]+)")
_BOUND = re.compile(r"^(>=|<=|>|<)\s*(\S+)$")
_SPAN = re.compile(r"^(\S+?)\s*\.\.\s*(\S+)$")
_NOT_LITERAL = object()


def parse_param(text: str) -> tuple[str, object]:
    """Parse ``NAME=VALUE``; VALUE is a Python literal, or a plain string if it is not one.

    Examples
    --------
    >>> parse_param("SEED=7")
    ('SEED', 7)
    >>> parse_param("PATH=some/dir")
    ('PATH', 'some/dir')
    """
    if "=" not in text:
        raise NotebookError(f"--param {_clip(text)!r}: expected NAME=VALUE, e.g. --param SEED=7")
    name, raw = text.split("=", 1)
    name = name.strip()
    if not name.isidentifier():
        raise NotebookError(f"--param {_clip(text)!r}: {_clip(name)!r} is not a valid parameter name")
    if len(raw) > MAX_VALUE_CHARS:
        raise NotebookError(f"--param {name}: the value is {len(raw):,} characters long; at most "
                            f"{MAX_VALUE_CHARS:,} are accepted -- put long values in a file and pass its path")
    return name, literal(raw)


def literal(raw: str):
    """``ast.literal_eval(raw)``, or ``raw`` itself when it is not a (manageable) literal."""
    try:
        return ast.literal_eval(raw)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return raw


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[:n] + "…"


def parameter_specs(source: str) -> dict:
    """Default and declared rule of each name assigned in a parameters cell.

    Returns
    -------
    dict
        ``name -> (default, rule)`` where ``default`` is the literal value (or a
        sentinel for an expression, which disables the type check) and ``rule`` the
        declaration text, e.g. ``"range: >= 1"``, or ``None``.
    """
    comments = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.string
    except (tokenize.TokenError, SyntaxError):
        pass
    specs = {}
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            default = _NOT_LITERAL
        decl = _DECL.search(comments.get(node.end_lineno, "") or comments.get(node.lineno, ""))
        rule = f"{decl.group(1)}: {decl.group(2).strip()}" if decl else None
        for t in targets:
            if isinstance(t, ast.Name):
                specs[t.id] = (default, rule)
    return specs


def check_value(name: str, value, default, rule: str | None, *, where: str, raw: str | None = None):
    """Check (and for text parameters, normalise) one value; return the value to use."""
    if default is not _NOT_LITERAL and default is not None:
        value = _check_type(name, value, default, where=where, raw=raw)
    if rule:
        _check_rule(name, value, rule, where=where)
    return value


def _type_name(v) -> str:
    return {bool: "True or False", int: "an integer", float: "a number", str: "text", list: "a list",
            tuple: "a tuple", dict: "a dict"}.get(type(v), type(v).__name__)


def _check_type(name, value, default, *, where, raw):
    ok = type(value) is type(default)
    if isinstance(default, float) and not isinstance(default, bool):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, str) and not isinstance(value, str):
        if raw is not None and not isinstance(value, (list, dict, tuple, set)):
            return raw  # e.g. a label 2019: the text as typed
        ok = False
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, (list, tuple))
    if not ok:
        shown = _clip(repr(value))
        raise NotebookError(f"{where}: --param {name}={shown}: expected {_type_name(default)} like its default "
                            f"{_clip(repr(default))}")
    return value


def _check_rule(name, value, rule, *, where):
    kind, _, text = rule.partition(":")
    text = text.strip()
    if kind == "choices":
        choices = [literal(c.strip()) for c in text.split("|")]
        if value not in choices:
            raise NotebookError(f"{where}: --param {name}={_clip(repr(value))}: must be one of "
                                f"{', '.join(repr(c) for c in choices)}")
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return  # the type check has spoken; ranges apply to numbers
    for part in (p.strip() for p in text.split(",")):
        span, bound = _SPAN.match(part), _BOUND.match(part)
        if span:
            lo, hi = float(span.group(1)), float(span.group(2))
            ok = lo <= value <= hi
        elif bound:
            op, x = bound.group(1), float(bound.group(2))
            ok = {">=": value >= x, "<=": value <= x, ">": value > x, "<": value < x}[op]
        else:
            raise NotebookError(f"{where}: parameters cell declares {name} with an unreadable rule {rule!r}; "
                                f"write e.g. (range: >= 1), (range: 0..1) or (choices: a | b)")
        if not ok:
            raise NotebookError(f"{where}: --param {name}={value!r} is out of range ({text}); "
                                f"the default is declared in the parameters cell")


def check_parameters(source: str, params: dict, *, where: str, raw: dict | None = None) -> dict:
    """Check every override against a parameters cell; return the values to inject.

    Parameters
    ----------
    source : str
        The source of the cell tagged ``parameters``.
    params : dict
        Overrides (already parsed by :func:`parse_param`).
    where : str
        The notebook, for messages.
    raw : dict, default=None
        The values as typed (so a text parameter keeps ``2019`` as ``"2019"``).

    Raises
    ------
    NotebookError
        An unknown name, a wrong type or a value outside the declared range/choices.
    """
    specs = parameter_specs(source)
    out = {}
    for name, value in params.items():
        if name not in specs:
            raise NotebookError(f"{where}: unknown parameter {name!r}; the parameters cell defines "
                                f"{', '.join(specs)}")
        default, rule = specs[name]
        out[name] = check_value(name, value, default, rule, where=where, raw=(raw or {}).get(name))
    return out
