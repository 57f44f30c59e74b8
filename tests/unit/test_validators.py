import datetime as dt

import pytest

from kiosk import validators as v
from kiosk.identity import identity_from_typed_number
from kiosk.masking import mask_address, mask_id_number, mask_name, mask_pass_number, mask_phone

# Published examples, not computed here: the GB 11643 sample number and a real-format
# credit code widely used in documentation.
KNOWN_ID = "11010519491231002X"
KNOWN_CREDIT_CODE = "91350100M000100Y43"


def test_known_id_number_passes_and_lower_case_x_is_accepted():
    assert v.check_id_number(KNOWN_ID) is None
    assert v.check_id_number(KNOWN_ID.lower()) is None
    assert v.check_id_number(" 110105 19491231 002X ") is None


def test_full_width_digits_typed_on_a_chinese_keyboard_are_accepted():
    full = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in KNOWN_ID)
    assert v.check_id_number(full) is None


@pytest.mark.parametrize(
    "number, words",
    [
        ("11010519491231002", "18位"),  # too short, says how many were typed
        ("11010519491231002Y", "数字或X"),
        ("11010519491231003X", "输错"),  # one digit wrong: check digit fails
        ("99010519491231002X", "地区代码"),  # no such area
        ("110105194902300021", "出生日期"),  # 30 February
        ("110105209901010021", "出生日期"),  # born in the future
    ],
)
def test_wrong_id_numbers_say_what_to_fix(number, words):
    message = v.check_id_number(number, today=dt.date(2026, 11, 29))
    assert message is not None and words in message
    for word in ("invalid", "无效", "非法", "错误代码"):
        assert word not in message


def test_retired_and_new_district_codes_are_real():
    assert v.is_known_area_code("110101")  # 东城区
    assert v.is_known_area_code("110103")  # 崇文区, merged into 东城区 in 2010
    assert v.is_known_area_code("440309")  # a Shenzhen district newer than the list
    assert not v.is_known_area_code("440099")  # a province is not a prefecture
    assert not v.is_known_area_code("000000")


def test_birth_date_and_sex_come_from_the_number():
    assert v.birth_date_from_id(KNOWN_ID) == dt.date(1949, 12, 31)
    assert v.sex_from_id(KNOWN_ID) == "女"  # 17th digit 2 is even


def test_credit_code_check_character_and_alphabet():
    assert v.check_credit_code(KNOWN_CREDIT_CODE) is None
    assert "输错" in v.check_credit_code("91350100M000100Y44")
    assert "I、O、S、V、Z" in v.check_credit_code("91350100M00010OY43")
    assert "18位" in v.check_credit_code("9135010")


def test_credit_code_allows_letters_in_the_first_two_places():
    body = "N2350100M000100Y4"  # registration authority and organisation type as letters
    code = body + v.credit_code_check_char(body)
    assert v.check_credit_code(code) is None
    assert v.check_credit_code("A1" + code[2:]) is not None  # other letters, other check


def test_mobile_numbers():
    assert v.check_mobile("13800138000") is None
    assert v.check_mobile("+86 138 0013 8000") is None
    assert "11位" in v.check_mobile("1380013800")
    assert "13到19" in v.check_mobile("12345678901")
    assert "数字" in v.check_mobile("138001380ab")


def test_dates_in_the_ways_residents_write_them():
    for text in ("2024-02-29", "2024/2/29", "2024.2.29", "20240229", "2024年2月29日"):
        assert v.parse_date(text) == dt.date(2024, 2, 29), text
    assert v.check_date("2023-02-29") is not None
    assert "不能晚于" in v.check_date("2030-01-01", latest=dt.date(2026, 1, 1))


def test_amounts():
    assert v.check_amount("1,200.50元") is None
    assert "两位" in v.check_amount("1.001")
    assert "不能超过" in v.check_amount("5000", maximum=3000)
    assert "数字" in v.check_amount("一千")


def test_a_typed_number_is_a_claim_not_proof():
    identity = identity_from_typed_number(KNOWN_ID)
    assert not identity.is_proof
    assert identity.birth_date == dt.date(1949, 12, 31)
    with pytest.raises(ValueError, match="输错"):
        identity_from_typed_number("11010519491231003X")


def test_identity_repr_never_shows_the_number_or_name():
    identity = identity_from_typed_number(KNOWN_ID)
    assert KNOWN_ID not in repr(identity) and KNOWN_ID not in str(identity)


def test_masking_as_residents_see_it():
    assert mask_id_number("371002198001016320") == "3710**********6320"
    assert mask_name("王秀兰") == "王*兰"
    assert mask_name("李明") == "李*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_phone("13800138000") == "138****8000"
    assert "幸福路" not in mask_address("演示市演示区幸福路1号")


# --- residence permits and permanent residence cards ----------------------------------

# The 2017 permanent residence number's published test vector (a public validation
# library's test; the rule is ICAO 9303's 7-3-1), not computed here.
KNOWN_PR_2017 = "KAZ110090123105"


@pytest.mark.parametrize(
    "number", ["810000199205050020", "830000198809230013", " 810000 19920505 0020 "]
)
def test_good_residence_permit_numbers_pass(number):
    assert v.check_residence_permit_number(number) is None


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("81000019920505002", "18位"),  # one digit short
        ("110101196803120028", "810000"),  # an ID number, not a permit
        ("810000199205050021", "输错"),  # check digit
        ("810000199213050020", "出生日期"),
        ("81000019920505002A", "数字"),
    ],
)
def test_bad_residence_permit_numbers_say_what_to_fix(number, says):
    problem = v.check_residence_permit_number(number)
    assert problem is not None and says in problem


@pytest.mark.parametrize(
    "number", [KNOWN_PR_2017, "USA310080041212", "usa310080041212", "931276198507220023"]
)
def test_good_permanent_residence_numbers_pass(number):
    assert v.check_permanent_residence_number(number) is None


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("KAZ110090123106", "输错"),  # 2017 check digit
        ("KAZ11009012310", "15位"),
        ("K4Z110090123105", "英文字母"),
        ("KAZ110091323105", "出生日期"),  # month 13
        ("931276198507220024", "输错"),  # 2023 check digit (GB 11643)
        ("831276198507220023", "以9开头"),
        ("931276198513220023", "出生日期"),
    ],
)
def test_bad_permanent_residence_numbers_say_what_to_fix(number, says):
    problem = v.check_permanent_residence_number(number)
    assert problem is not None and says in problem


def test_permit_and_residence_card_numbers_are_masked_like_id_numbers():
    assert mask_id_number("810000199205050020") == "8100**********0020"
    assert mask_id_number("USA310080041212") == "USA3*******1212"
    assert mask_pass_number("H60012345") == "H6*****45"


def test_english_names_keep_one_letter_a_part_and_hide_their_length():
    assert mask_name("SMITH JOHN") == "S*** J***"
    assert mask_name("MUELLER ANNA MARIA") == "M*** A*** M***"
    assert mask_name("LI, WEI") == "L*** W***"


def test_logs_never_hold_a_2017_permanent_residence_number():
    from kiosk.logging_setup import scrub

    assert "USA310080041212" not in scrub("card USA310080041212 read")
    assert "931276198507220023" not in scrub("card 931276198507220023 read")
