"""Stored aggregations as JSON, not pickle: nothing read back from the database or a cache can
run code, and a frame comes back equal to the one stored, dtypes and last bits included.

`dumps` accepts what the aggregations are made of: None, bool, int, float (NaN and infinities
kept), str, dates, lists, tuples, sets and frozensets, dicts (any hashable keys of these
kinds), numpy scalars and arrays, pandas Series, Index (also RangeIndex and MultiIndex) and
DataFrames with numeric, boolean, nullable, string, object or timezone-naive datetime columns,
and dataclasses of the project's own packages (`data_access`, `dashboard`) whose fields are of
these kinds. Anything else raises TypeError when stored, not when read. Reading back constructs
nothing but these: a dataclass is looked up by name among the project's own modules only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import math
import zlib
from typing import Any

import numpy as np
import orjson
import pandas as pd

_TAGS = (
    "__f__",
    "__t__",
    "__d__",
    "__a__",
    "__s__",
    "__i__",
    "__r__",
    "__m__",
    "__df__",
    "__dt__",
    "__set__",
    "__fs__",
    "__dc__",
)
# The packages whose dataclasses are stored (and the only ones read back).
DATACLASS_PACKAGES = ("data_access.", "dashboard.")


def dumps(value: Any) -> bytes:
    """`value` as compressed JSON bytes."""
    return zlib.compress(orjson.dumps(_tag(value)), 1)


def loads(payload: bytes) -> Any:
    """The value `dumps` was given."""
    return _untag(orjson.loads(zlib.decompress(payload)))


# ------------------------------------------------------------------ encoding


def _float(value: float) -> Any:
    if math.isfinite(value):
        return value
    return {"__f__": repr(value)}  # 'nan', 'inf', '-inf'


def _tag(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return _float(float(value))
    if isinstance(value, dt.datetime | pd.Timestamp):
        raise TypeError("timestamps are not stored; store an ISO string")
    if isinstance(value, dt.date):
        return {"__dt__": value.isoformat()}
    if isinstance(value, list):
        return [_tag(v) for v in value]
    if isinstance(value, tuple):
        return {"__t__": [_tag(v) for v in value]}
    if isinstance(value, frozenset | set):
        items = sorted((_tag(v) for v in value), key=orjson.dumps)  # the same bytes each time
        return {"__fs__" if isinstance(value, frozenset) else "__set__": items}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if not cls.__module__.startswith(DATACLASS_PACKAGES):
            raise TypeError(f"cannot store a {cls.__name__} from {cls.__module__}")
        fields = {f.name: _tag(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__dc__": [cls.__module__, cls.__qualname__, fields]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and k not in _TAGS for k in value):
            return {k: _tag(v) for k, v in value.items()}
        return {"__d__": [[_tag(k), _tag(v)] for k, v in value.items()]}
    if isinstance(value, np.ndarray):
        return {"__a__": _values(value)}
    if isinstance(value, pd.DataFrame):
        return {
            "__df__": {
                "columns": _tag(value.columns),
                "index": _tag(value.index),
                "data": [_values(value.iloc[:, i]) for i in range(value.shape[1])],
            }
        }
    if isinstance(value, pd.Series):
        return {"__s__": {"name": _tag(value.name), "index": _tag(value.index), **_values(value)}}
    if isinstance(value, pd.MultiIndex):
        levels = [_values(value.get_level_values(i)) for i in range(value.nlevels)]
        return {"__m__": {"names": [_tag(n) for n in value.names], "levels": levels}}
    if isinstance(value, pd.RangeIndex):
        return {"__r__": [value.start, value.stop, value.step, _tag(value.name)]}
    if isinstance(value, pd.Index):
        return {"__i__": {"name": _tag(value.name), **_values(value)}}
    raise TypeError(f"cannot store a {type(value).__name__}")


def _values(values: Any) -> dict:
    """One column (array, Series or Index) with its dtype."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        array = np.asarray(values)
        shape = array.shape
        array = array.ravel()
        out: dict = {"dtype": dtype.str, "v": array.tolist()}  # orjson writes NaN as null
        if len(shape) != 1:
            out["shape"] = list(shape)
        if dtype.kind == "f" and np.isinf(array).any():
            out["inf"] = [[int(i), float(array[i]) > 0] for i in np.flatnonzero(np.isinf(array))]
        return out
    if isinstance(dtype, np.dtype) and dtype.kind in "mM":  # exact: the int64 counts (NaT kept)
        array = np.asarray(values)
        if array.ndim != 1:
            raise TypeError("only one-dimensional datetime arrays are stored")
        return {"dtype": dtype.str, "v": array.view("i8").tolist(), "counts": True}
    if isinstance(dtype, pd.CategoricalDtype):
        raise TypeError("categorical columns are not stored")
    if np.ndim(values) != 1:
        raise TypeError("only one-dimensional arrays of objects are stored")
    # Strings, nullable numbers and objects: element by element (missing as None).
    items = [None if _missing(v) else _tag(v) for v in list(values)]
    return {"dtype": str(dtype), "v": items}


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


# ------------------------------------------------------------------ decoding


def _untag(value: Any) -> Any:
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((tag, body),) = value.items()
        if tag == "__f__":
            return float(body)
        if tag == "__t__":
            return tuple(_untag(v) for v in body)
        if tag == "__fs__":
            return frozenset(_untag(v) for v in body)
        if tag == "__set__":
            return {_untag(v) for v in body}
        if tag == "__dc__":
            return _dataclass(*body)
        if tag == "__d__":
            return {_untag(k): _untag(v) for k, v in body}
        if tag == "__dt__":
            return dt.date.fromisoformat(body)
        if tag == "__a__":
            return _array(body)
        if tag == "__df__":
            return _frame(body)
        if tag == "__s__":
            index, name = _untag(body["index"]), _untag(body["name"])
            return pd.Series(_array(body), index=index, name=name, dtype=_dtype(body), copy=False)
        if tag == "__i__":
            name = _untag(body["name"])
            return pd.Index(_array(body), name=name, dtype=_dtype(body), copy=False)
        if tag == "__r__":
            start, stop, step, name = body
            return pd.RangeIndex(start, stop, step, name=_untag(name))
        if tag == "__m__":
            arrays = [_array(level) for level in body["levels"]]
            return pd.MultiIndex.from_arrays(arrays, names=[_untag(n) for n in body["names"]])
    return {k: _untag(v) for k, v in value.items()}


def _dataclass(module: str, name: str, fields: dict) -> Any:
    """A dataclass of the project's own packages, built from its stored fields."""
    if not module.startswith(DATACLASS_PACKAGES):
        raise ValueError(f"refusing to build {name} from {module}")
    cls = importlib.import_module(module)
    for part in name.split("."):
        cls = getattr(cls, part)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"{module}.{name} is not a dataclass")
    return cls(**{key: _untag(value) for key, value in fields.items()})


def _array(column: dict) -> Any:
    """A numpy array (numeric dtypes) or a pandas array (strings, nullable, objects)."""
    dtype, values = column["dtype"], column["v"]
    if column.get("counts"):  # datetime64 / timedelta64 as their int64 counts
        return np.array(values, dtype="i8").view(np.dtype(dtype))
    if dtype[:1] in "<>|=":  # a numpy dtype string such as '<f8'
        array = np.array(values, dtype=np.dtype(dtype))  # None → NaN for floats
        for position, positive in column.get("inf", []):
            array[position] = np.inf if positive else -np.inf
        return array.reshape(column["shape"]) if "shape" in column else array
    items = [_untag(v) for v in values]
    if dtype == "object":
        array = np.empty(len(items), dtype=object)
        array[:] = items
        return array
    return pd.array(items, dtype=dtype)


def _dtype(column: dict) -> object:
    """The dtype to construct with: object stays object; the others come with their array."""
    return object if column["dtype"] == "object" else None


def _frame(body: dict) -> pd.DataFrame:
    columns = _untag(body["columns"])
    index = _untag(body["index"])
    # Explicit dtypes: pandas would infer a string dtype for an object array of strings.
    data = {
        i: pd.Series(_array(column), index=index, dtype=_dtype(column), copy=False)
        for i, column in enumerate(body["data"])
    }
    frame = pd.DataFrame(data, index=index, copy=False)
    if not data:
        frame = pd.DataFrame(index=index)
    frame.columns = columns
    return frame
