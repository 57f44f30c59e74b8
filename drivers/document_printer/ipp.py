"""A small IPP/1.1 codec (RFC 8010): the requests the document printer sends and the
answers it reads, nothing more.

    request = encode_request(GET_PRINTER_ATTRIBUTES, 1, [
        (OPERATION, [attr("attributes-charset", CHARSET, "utf-8"), ...])])
    answer = decode_response(body)    # IppResponse: status, groups of name -> values

Values are Python values by tag: integers and enums as int, booleans as bool, text,
keywords, URIs and the like as str, collections as dicts of lists, anything else as the
raw bytes. Only what a print client needs is encoded (no dateTime, no resolution).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

VERSION = (1, 1)

# Operations
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B

# Delimiter tags (attribute groups)
OPERATION = 0x01
JOB = 0x02
END = 0x03
PRINTER = 0x04
UNSUPPORTED_GROUP = 0x05

# Value tags
UNSUPPORTED, UNKNOWN, NO_VALUE = 0x10, 0x12, 0x13
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
OCTET_STRING, DATE_TIME, RESOLUTION, RANGE = 0x30, 0x31, 0x32, 0x33
BEGIN_COLLECTION, TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE, END_COLLECTION = 0x34, 0x35, 0x36, 0x37
TEXT, NAME, KEYWORD, URI, URI_SCHEME = 0x41, 0x42, 0x44, 0x45, 0x46
CHARSET, LANGUAGE, MIME_TYPE, MEMBER_NAME = 0x47, 0x48, 0x49, 0x4A
_STRINGS = {TEXT, NAME, KEYWORD, URI, URI_SCHEME, CHARSET, LANGUAGE, MIME_TYPE, MEMBER_NAME}

# printer-state and job-state enums
PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}
JOB_STATES = {3: "pending", 4: "pending-held", 5: "processing", 6: "processing-stopped",
              7: "canceled", 8: "aborted", 9: "completed"}


class IppDecodeError(ValueError):
    """The bytes are not an IPP message (a web page, a cut-off answer)."""


@dataclass(frozen=True)
class Attribute:
    name: str
    tag: int
    values: tuple[Any, ...]


def attr(name: str, tag: int, *values: Any) -> Attribute:
    return Attribute(name, tag, values)


@dataclass
class IppResponse:
    status: int
    request_id: int
    groups: list[tuple[int, dict[str, list[Any]]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status < 0x0100  # successful-ok and its "ignored/substituted" kin

    def group(self, tag: int) -> dict[str, list[Any]]:
        """The first group of `tag`, empty when the answer has none."""
        return next((values for group_tag, values in self.groups if group_tag == tag), {})


def encode_request(operation: int, request_id: int,
                   groups: list[tuple[int, list[Attribute]]]) -> bytes:
    out = bytearray(struct.pack(">BBHI", *VERSION, operation, request_id))
    for group_tag, attributes in groups:
        out.append(group_tag)
        for attribute in attributes:
            for index, value in enumerate(attribute.values):
                name = attribute.name.encode("ascii") if index == 0 else b""
                data = _encode_value(attribute.tag, value)
                out += struct.pack(">BH", attribute.tag, len(name)) + name
                out += struct.pack(">H", len(data)) + data
    out.append(END)
    return bytes(out)


def _encode_value(tag: int, value: Any) -> bytes:
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", value)
    if tag == BOOLEAN:
        return b"\x01" if value else b"\x00"
    if tag in _STRINGS:
        return value.encode("utf-8")
    if tag == NO_VALUE:
        return b""
    raise ValueError(f"cannot encode IPP value tag 0x{tag:02x}")


def decode_response(data: bytes) -> IppResponse:
    if len(data) < 9:
        raise IppDecodeError(f"{len(data)} bytes is too short for an IPP answer")
    major, _minor, status, request_id = struct.unpack(">BBHI", data[:8])
    if major not in (1, 2):
        raise IppDecodeError(f"IPP version {major} is not one this client reads")
    reader = _Reader(data, 8)
    response = IppResponse(status, request_id)
    current: dict[str, list[Any]] | None = None
    last: list[Any] | None = None
    while True:
        tag = reader.byte()
        if tag == END:
            return response
        if tag < 0x10:  # a new group
            current, last = {}, None
            response.groups.append((tag, current))
            continue
        if current is None:
            raise IppDecodeError("an attribute before any group")
        name, value = reader.value(tag)
        if name:
            last = current.setdefault(name, [])
        elif last is None:
            raise IppDecodeError("an additional value with no attribute before it")
        last.append(value)


class _Reader:
    def __init__(self, data: bytes, at: int):
        self.data, self.at = data, at

    def take(self, count: int) -> bytes:
        if self.at + count > len(self.data):
            raise IppDecodeError("the IPP answer ends in the middle of an attribute")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def short(self) -> int:
        return struct.unpack(">H", self.take(2))[0]

    def value(self, tag: int) -> tuple[str, Any]:
        name = self.take(self.short()).decode("utf-8", "replace")
        raw = self.take(self.short())
        if tag == BEGIN_COLLECTION:
            return name, self.collection()
        return name, _decode_value(tag, raw)

    def collection(self) -> dict[str, list[Any]]:
        members: dict[str, list[Any]] = {}
        member: list[Any] | None = None
        while True:
            tag = self.byte()
            _, value = self.value(tag)
            if tag == END_COLLECTION:
                return members
            if tag == MEMBER_NAME:
                member = members.setdefault(value, [])
            elif member is None:
                raise IppDecodeError("a collection value with no member name")
            else:
                member.append(value)


def _decode_value(tag: int, raw: bytes) -> Any:
    if tag in (INTEGER, ENUM) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag in _STRINGS:
        return raw.decode("utf-8", "replace")
    if tag in (TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE) and len(raw) >= 4:
        language_length = struct.unpack(">H", raw[:2])[0]
        rest = raw[2 + language_length:]
        return rest[2:2 + struct.unpack(">H", rest[:2])[0]].decode("utf-8", "replace")
    return raw
