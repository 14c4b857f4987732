"""The rules of self-inspection: plain Python, no GUI, SQL, PDF or disk.

Everything here is tested without a disk (tests/unit).
"""
