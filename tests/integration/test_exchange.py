"""Submission, bundle and return-notice files: round trips, tamper evidence,
interoperability with an independent HPKE implementation, fuzzing."""

from __future__ import annotations

import datetime as dt
import json
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.serialize import canonical_json
from natori_secaudit.errors import AppError, DamagedFile, Refused
from natori_secaudit.exchange import (
    AdminKeys,
    Bundle,
    DepartmentSigningKey,
    ReturnNotice,
    Submission,
    decode_bundle,
    decode_return_notice,
    decode_submission,
    encode_bundle,
    encode_return_notice,
    encode_submission,
)
from natori_secaudit.loading import load_checklist_file, load_departments_file

from .conftest import SMALL

EXAMPLES = int(os.environ.get("NATORI_FUZZ_EXAMPLES", "1000"))
JST = dt.timezone(dt.timedelta(hours=9))
ADMIN = AdminKeys.generate()
DEPT = DepartmentSigningKey.generate()


def make_submission(**changes) -> Submission:
    answers = (
        Answer(
            "A-1",
            AnswerStatus.IMPLEMENTED,
            evidence="規程 第3条",
            answered_by="髙橋 﨑子",
            updated_at=dt.datetime(2026, 7, 1, 9, 30, tzinfo=JST),
        ),
        Answer(
            "B-1",
            AnswerStatus.PARTIAL,
            comment="台帳の更新が遅れている 𠮷野 🙂\n二行目",
            action="台帳の全面見直し",
            due=dt.date(2027, 3, 31),
        ),
        Answer("B-3", AnswerStatus.NOT_APPLICABLE, comment="窓口がないため"),
    )
    base = dict(
        format_version=1,
        department_code="shimin",
        department_name="市民課",
        fiscal_year=2026,
        checklist_id="small",
        checklist_version="1.0",
        checklist_sha256="a" * 64,
        revision=1,
        inspector="髙橋 﨑子",
        submitted_at=dt.datetime(2026, 7, 1, 10, 0, tzinfo=JST),
        answers=answers,
        chain_head="b" * 64,
        chain_seq=42,
        app_version="0.1.0",
        department_public_key=DEPT.public_bytes(),
        admin_fingerprint=ADMIN.fingerprint(),
    )
    base.update(changes)
    return Submission(**base)


def test_submission_round_trip_keeps_every_field():
    sub = make_submission()
    data = encode_submission(sub, ADMIN.public(), DEPT)
    assert b"shimin" not in data and "市民課".encode() not in data  # nothing readable in a shared folder
    assert decode_submission(data, ADMIN, "x") == sub


def test_every_flipped_byte_is_detected():
    data = encode_submission(make_submission(), ADMIN.public(), DEPT)
    offsets = range(len(data)) if len(data) <= 4000 else random.Random(1).sample(range(len(data)), 1000)
    for i in offsets:
        bad = bytearray(data)
        bad[i] ^= 0x01
        with pytest.raises(AppError):
            decode_submission(bytes(bad), ADMIN, "x")


@pytest.mark.parametrize("cut", [0, 10, 27, 60, 100, -1, -16, -17])
def test_truncated_submission_is_detected(cut):
    data = encode_submission(make_submission(), ADMIN.public(), DEPT)
    with pytest.raises(AppError):
        decode_submission(data[:cut], ADMIN, "x")


def test_encrypted_to_another_admin_is_refused_by_name():
    other = AdminKeys.generate()
    data = encode_submission(make_submission(admin_fingerprint=other.fingerprint()), other.public(), DEPT)
    with pytest.raises(Refused) as info:
        decode_submission(data, ADMIN, "x.natori-submission")
    assert info.value.key == "exchange.other_admin"
    assert other.fingerprint() in info.value.message


def test_signature_is_the_department_key_inside():
    sub = make_submission()
    data = encode_submission(sub, ADMIN.public(), DepartmentSigningKey.generate())  # signed by a stranger
    with pytest.raises(DamagedFile) as info:
        decode_submission(data, ADMIN, "x")
    assert info.value.key == "exchange.bad_signature"


def test_an_independent_hpke_implementation_opens_a_submission():
    from pyhpke import AEADId, CipherSuite, KDFId, KEMId

    data = encode_submission(make_submission(), ADMIN.public(), DEPT)
    header_end = data.index(b"\n", data.index(b"\n") + 1) + 1
    info, blob = data[:header_end], data[header_end:]
    suite = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES128_GCM)
    sk = suite.kem.deserialize_private_key(ADMIN.private_bytes()[:32])
    ctx = suite.create_recipient_context(blob[:32], sk, info=info)
    plaintext = ctx.open(blob[32:])
    outer = json.loads(plaintext)
    assert outer["body"]["department_code"] == "shimin"
    assert outer["body"]["answers"][1]["comment"] == "台帳の更新が遅れている 𠮷野 🙂\n二行目"
    assert canonical_json(outer) == plaintext


def _bundle() -> Bundle:
    return Bundle(
        2026,
        load_checklist_file(SMALL / "small-checklist.yaml"),
        load_departments_file(SMALL / "departments.yaml"),
        ADMIN.public(),
        dt.datetime(2026, 4, 1, 9, tzinfo=JST),
        "テスト市",
    )


def test_bundle_round_trip_and_damage():
    data = encode_bundle(_bundle(), ADMIN)
    got = decode_bundle(data, "b")
    assert got.checklist.sha256 == _bundle().checklist.sha256
    assert got.organization.department("shimin").tags == ("personal_data", "my_number")
    assert got.fingerprint == ADMIN.fingerprint()
    for i in random.Random(2).sample(range(len(data)), 300):
        bad = bytearray(data)
        bad[i] ^= 0x04
        with pytest.raises(AppError):
            decode_bundle(bytes(bad), "b")
    with pytest.raises(DamagedFile) as info:
        decode_bundle(encode_submission(make_submission(), ADMIN.public(), DEPT), "s")
    assert info.value.key == "exchange.not_a_bundle"


def test_return_notice_round_trip_and_foreign_signer():
    notice = ReturnNotice(
        "shimin", 2026, 1, "B-1 の根拠を追記してください。", dt.datetime(2026, 8, 1, tzinfo=JST), "名取市"
    )
    data = encode_return_notice(notice, ADMIN)
    assert decode_return_notice(data, ADMIN.public(), "n") == notice
    with pytest.raises(AppError):
        decode_return_notice(data, AdminKeys.generate().public(), "n")


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
VALID_SUB = encode_submission(make_submission(), ADMIN.public(), DEPT)
VALID_BUNDLE = encode_bundle(_bundle(), ADMIN)


@st.composite
def mutated(draw, base: bytes):
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        if op == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[i:]
            if not data:
                break
        else:
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


@FUZZ
@given(st.one_of(st.binary(max_size=300), mutated(VALID_SUB), mutated(VALID_BUNDLE)))
def test_fuzzed_files_end_in_a_clear_error(data):
    for decode in (
        lambda d: decode_submission(d, ADMIN, "f"),
        lambda d: decode_bundle(d, "f"),
        lambda d: decode_return_notice(d, ADMIN.public(), "f"),
    ):
        try:
            decode(data)
        except AppError as exc:
            assert exc.message
