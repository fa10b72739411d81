"""Rows of records as a pandas DataFrame or an Arrow table, with a column type for every field.

The column types are read off the record class's own fields, so a new field cannot be left out
of a frame: ``str`` is a string column (pandas' nullable ``string`` dtype, Arrow's ``string``),
``bool`` a bool column, ``int`` an ``int64`` one (pandas' nullable ``Int64`` where it may be
missing), ``datetime.date`` a date (``datetime64[ns]`` in pandas, missing as ``NaT``; ``date32``
in Arrow). pandas and pyarrow are imported only here, only when a frame is asked for: they come
with the ``pandas`` extra (``pip install 'orgsim[pandas]'``), and :class:`MissingExtra` says so
when they are not installed.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

import attrs

from orgsim.errors import OrgsimError

if TYPE_CHECKING:  # neither ships type hints (pandas-stubs has pandas', if installed)
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["Column", "MissingExtra", "columns", "to_arrow", "to_pandas"]

Kind = Literal["string", "bool", "int", "date"]
_KINDS: Mapping[type, Kind] = {str: "string", bool: "bool", int: "int", dt.date: "date"}


class MissingExtra(OrgsimError, ImportError):
    """A feature needs a package that an optional extra installs, and it is not installed.

    ``extra`` is the extra to install (``pip install 'orgsim[EXTRA]'``), ``package`` the
    package that was missing."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'orgsim[{extra}]'"
        )


@attrs.frozen
class Column:
    """One column of a frame: a record field's name, its kind, whether it may be missing."""

    name: str
    kind: Kind
    nullable: bool


@functools.cache
def columns(record: type[attrs.AttrsInstance]) -> tuple[Column, ...]:
    """The columns of a frame of ``record`` rows, in the order of its fields."""
    resolved = attrs.resolve_types(record)  # the annotations, from strings to types
    found = []
    for field in attrs.fields(resolved):
        kind, nullable = _kind_of(field.type)
        found.append(Column(field.name, kind, nullable))
    return tuple(found)


def _kind_of(annotation: object) -> tuple[Kind, bool]:
    options: tuple[object, ...] = (annotation,)
    if get_origin(annotation) in (Union, types.UnionType):
        options = get_args(annotation)
    present = [option for option in options if option is not type(None)]
    if len(present) != 1 or present[0] not in _KINDS:
        raise TypeError(f"a record field must be str, bool, int or a date, not {annotation!r}")
    kind = present[0]
    assert isinstance(kind, type)
    return _KINDS[kind], len(present) < len(options)


#: The pandas dtype of each kind of column, without and with missing values.
_PANDAS: Mapping[tuple[Kind, bool], str] = {
    ("string", False): "string",
    ("string", True): "string",
    ("bool", False): "bool",
    ("bool", True): "boolean",
    ("int", False): "int64",
    ("int", True): "Int64",
}


def to_pandas(
    record: type[attrs.AttrsInstance], rows: Sequence[Mapping[str, Any]]
) -> pandas.DataFrame:
    """A DataFrame of ``rows`` (plain dicts of ``record``'s fields), one typed column a field."""
    try:
        import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        raise MissingExtra("pandas", "pandas", "a DataFrame") from None
    data = {}
    for column in columns(record):
        values = [row[column.name] for row in rows]
        if column.kind == "date":
            dates = pd.to_datetime(pd.Series(values, dtype=object))
            data[column.name] = dates.astype("datetime64[ns]")
        else:
            data[column.name] = pd.Series(values, dtype=_PANDAS[column.kind, column.nullable])
    return pd.DataFrame(data, columns=[column.name for column in columns(record)])


def to_arrow(record: type[attrs.AttrsInstance], rows: Sequence[Mapping[str, Any]]) -> pyarrow.Table:
    """An Arrow table of ``rows`` (plain dicts of ``record``'s fields), with its schema typed."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        raise MissingExtra("pyarrow", "pandas", "an Arrow table") from None
    types_of = {"string": pa.string(), "bool": pa.bool_(), "int": pa.int64(), "date": pa.date32()}
    schema = pa.schema(
        [pa.field(c.name, types_of[c.kind], nullable=c.nullable) for c in columns(record)]
    )
    return pa.Table.from_pylist(list(rows), schema=schema)
