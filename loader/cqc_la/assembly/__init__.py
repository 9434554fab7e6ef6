"""Assembling the pages of one report: between reading files and writing an assessment.

`groups.py` puts the files of a run together by council and date, `choose.py` decides which copy of
each part wins (a pure function over the stored files and the new ones), and `combine.py` joins the
chosen lines into one text with the origin of every line. None of it touches the database, so every
rule is tested on parsed files alone (`tests/assembly/`).
"""

from .choose import FileParts, Piece, assemble, is_whole_file, signature, used_files, winners
from .combine import combine
from .groups import Group, Member, Refused, group_members

__all__ = [
    "FileParts",
    "Group",
    "Member",
    "Piece",
    "Refused",
    "assemble",
    "combine",
    "group_members",
    "is_whole_file",
    "signature",
    "used_files",
    "winners",
]
