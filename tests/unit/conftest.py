"""Unit tests: the domain only — no disk, no Tk, no SQL."""
