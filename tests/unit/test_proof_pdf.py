"""The A4 proof read back as its holder, a clerk or a phone reads it: the text layer gives
back every word and digit as printed (人 and 大 not turned into radicals), long tables go
on over pages with their header, the QR says the verify address, nothing runs off the page.
"""

import re

import pytest

from kiosk.proofs.document import ProofDocument
from kiosk.proofs.font import prepare_common_subset
from kiosk.proofs.pdf import MARGIN_X, ProofTextNotDrawable, render_proof
from tests.pdf_reading import page_texts, page_words, qr_on_page

MM = 72 / 25.4  # points per millimetre
CODE = "P7K2-9QX4-HM3T-W8RC-ZD5N"
URL = "https://zw.example.cn/v1/proofs/P7K29QX4HM3TW8RCZD5N"
COLUMNS = ("月份", "缴费基数（元）", "个人缴纳（元）", "单位缴纳（元）")


def months(count: int) -> tuple[tuple[str, ...], ...]:
    rows = []
    for i in range(count):
        year, month = 2026 - i // 12, 12 - i % 12
        base = 4000 + 37 * i
        rows.append((f"{year}-{month:02d}", f"{base:,}.{i % 100:02d}",
                     f"{base * 0.08:,.2f}", f"{base * 0.16:,.2f}"))
    return tuple(rows)


def proof(**changes) -> ProofDocument:
    fields = dict(
        city="XX市政务服务",
        title="城镇职工基本养老保险缴费记录（人大代表联络站）",
        code=CODE,
        verify_url=URL,
        issued_at="2026-12-02 09:14",
        holder_name_masked="王*兰",
        id_number_masked="1101**********002X",
        as_of="2026-12-01 08:00",
        summary=(("累计缴费月数", "156个月"), ("个人账户累计储存额", "48,213.77元"),
                 ("参保状态", "正常参保（含大病）"), ("参保人", "1人")),
        columns=COLUMNS,
        rows=months(10),
        footer_note="扫描二维码，或在XX市政务服务网“证明验证”输入验证码，可核对本证明的真伪。",
    )
    fields.update(changes)
    return ProofDocument(**fields)


@pytest.fixture(scope="module")
def font_cache(tmp_path_factory):
    """The prepared common-characters font, as the kiosk makes it after start-up."""
    directory = tmp_path_factory.mktemp("proof-font")
    prepare_common_subset(directory)
    return directory


@pytest.fixture(params=["full face", "prepared subset"])
def render(request, font_cache):
    cache = font_cache if request.param == "prepared subset" else None
    return lambda document: render_proof(document, cache)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def row_pattern(cells) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(cell) for cell in cells))


def test_the_text_layer_gives_back_every_word_and_digit(render):
    document = proof()
    texts = page_texts(render(document))
    assert len(texts) == 1
    text = texts[0]
    for expected in (document.city, document.title, document.code, document.issued_at,
                     document.holder_name_masked, document.id_number_masked, document.as_of,
                     "验证码"):
        assert expected in text, expected
    for label, value in document.summary:
        assert f"{label}：{value}" in squeeze(text)
    assert row_pattern(COLUMNS).search(text)
    for row in document.rows:
        assert row_pattern(row).search(text), row
    assert squeeze(document.footer_note) in squeeze(text)
    assert "第1页共1页" in squeeze(text)
    assert "人大" in text and "1人" in text
    assert not re.search("[\u2e80-\u2fdf]", text), "CJK radicals instead of 人/大"


def test_a_long_table_goes_on_over_pages_with_its_header_and_the_code_on_each(render):
    document = proof(rows=months(100))
    texts = page_texts(render(document))
    assert len(texts) >= 3
    found = []
    for number, text in enumerate(texts, start=1):
        assert document.city in text and document.title in text
        assert row_pattern(COLUMNS).search(text), f"no header row on page {number}"
        assert CODE in text and f"第{number}页共{len(texts)}页" in squeeze(text)
        found += [row for row in document.rows if row_pattern(row).search(text)]
        assert ("累计缴费月数" in text) == (number == 1)
    assert found == list(document.rows)  # each once, in order


@pytest.mark.parametrize("url", [URL, ""])
def test_the_qr_says_the_verify_address_or_else_the_code(url):
    document = proof(verify_url=url, rows=months(40))
    data = render_proof(document)
    expected = url or CODE
    assert qr_on_page(data, 1) == expected
    assert qr_on_page(data, len(page_texts(data))) == expected


def test_long_titles_and_values_wrap_inside_the_margins(render):
    long_title = "关于" + "城乡居民和城镇职工基本养老保险关系转移接续" * 4 + "的缴费证明"
    long_value = "XX市XX区人力资源和社会保障局社会保险经办服务中心" * 4
    long_cell = "补缴（" + "按照有关规定补缴历年欠缴的基本养老保险费" * 2 + "）"
    document = proof(title=long_title, summary=(("参保地", long_value),),
                     columns=(*COLUMNS, "备注"),
                     rows=tuple((*row, long_cell) for row in months(3)))
    data = render(document)
    pages = page_words(data)
    left, right = MARGIN_X * MM - 1, pages[0].width - MARGIN_X * MM + 1
    for page in pages:
        for word in page.words:
            assert left <= word.x_min and word.x_max <= right, word
    text = squeeze(page_texts(data)[0])
    for expected in (long_title, long_value, long_cell):
        assert squeeze(expected) in text


def test_a_rare_character_outside_the_prepared_font_is_still_printed(font_cache):
    document = proof(holder_name_masked="王*䶮")  # U+4DAE, not in GB 2312
    text = page_texts(render_proof(document, font_cache))[0]
    assert "王*䶮" in text


def test_a_character_the_font_cannot_draw_is_refused_rather_than_printed_as_a_box():
    with pytest.raises(ProofTextNotDrawable):
        render_proof(proof(title="缴费记录 \U0001f600"))


def test_the_document_from_the_platforms_answer():
    answer = {
        "code": CODE, "kind": "contributions", "title": "缴费记录",
        "issued_at": "2026-12-02T01:14:00Z", "holder_name_masked": "王*兰",
        "id_number_masked": "1101**********002X", "as_of": "2026-12-01T00:00:00+08:00",
        "summary": [{"label": "累计缴费月数", "value": "156个月"}],
        "columns": list(COLUMNS), "rows": [list(row) for row in months(2)],
        "verify_url": URL,
    }
    document = ProofDocument.from_platform(answer, city="XX市政务服务", footer_note="说明")
    assert document.summary == (("累计缴费月数", "156个月"),)
    assert document.rows == months(2)
    assert re.fullmatch(r"2026-12-0[12] \d\d:\d\d", document.issued_at)
    assert document.qr_payload == URL
