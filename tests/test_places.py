"""The place dimension: the places catalogue, finding place phrases, and the place of one quantity."""

from datetime import date

import pytest

from pipelines.core.catalogue import CatalogueError
from pipelines.core.places import (
    PLACE_COLUMNS,
    PlaceIndex,
    article_home,
    local_markers,
    place_of,
    place_rows,
    read_person_name_words,
    read_places,
    source_province,
)

PLACES = read_places()
INDEX = PlaceIndex(PLACES)
BEFORE, AFTER = date(2024, 5, 1), date(2025, 9, 1)


def found(text, on=None):
    return [(h.place_id, text[h.start:h.end]) for h in INDEX.find(text, on=on)]


# The catalogue ---------------------------------------------------------------------------------------

def test_sixty_three_units_before_the_merger_and_thirty_four_after():
    provinces = [p for p in PLACES if p.kind == "province"]
    assert len([p for p in provinces if p.valid_on(date(2025, 6, 30))]) == 63
    assert len([p for p in provinces if p.valid_on(date(2025, 7, 1))]) == 34


def test_every_merged_province_points_to_a_unit_valid_after_the_merger():
    by_id = {p.place_id: p for p in PLACES}
    merged = [p for p in PLACES if p.successor_id and p.kind == "province"]
    assert len(merged) == 52
    for p in merged:
        assert p.valid_to == date(2025, 6, 30)
        assert by_id[p.successor_id].valid_from == date(2025, 7, 1)
    assert {p.place_id for p in merged if p.successor_id == "vn-ho-chi-minh-2025"} == {
        "vn-binh-duong", "vn-ba-ria-vung-tau", "vn-ho-chi-minh"}
    assert by_id["vn-thua-thien-hue"].valid_to is None and by_id["vn-thua-thien-hue"].successor_id is None


def test_place_rows_have_the_warehouse_columns():
    rows = place_rows(PLACES)
    assert len(rows) == len(PLACES)
    assert set(rows[0]) == set(PLACE_COLUMNS)
    bac_giang = next(r for r in rows if r["place_id"] == "vn-bac-giang")
    assert bac_giang["valid_to"] == date(2025, 6, 30) and bac_giang["successor_id"] == "vn-bac-ninh-2025"


HEADER = "place_id,name_vi,name_en,kind,valid_from,valid_to,successor_id,aliases\n"


@pytest.mark.parametrize(("rows", "message"), [
    ("vn,Việt Nam,Viet Nam,country,,,,\n", ":2: unknown kind 'country'"),
    ("vn,Việt Nam,Viet Nam,nation,,,,\nvn,Việt Nam,Viet Nam,nation,,,,\n", ":3: duplicate place_id vn"),
    ("vn-a,A Bờ,A,province,,2025-06-30,vn-b,\n", ":2: unknown successor_id 'vn-b'"),
    ("vn-a,A Bờ,A,province,,30/06/2025,,\n", ":2: valid_to '30/06/2025' is not an ISO date"),
    ("vn-a,A Bờ,A,province,2025-07-01,2025-06-30,,\n", ":2: valid_from is after valid_to"),
    (",A Bờ,A,province,,,,\n", ":2: empty place_id"),
])
def test_bad_places_files_name_the_line(tmp_path, rows, message):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        read_places(path)


def test_a_name_shared_by_two_units_valid_at_once_is_refused(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + "vn-a,Gò Đen,A,province,,,,\nvn-b,Gò Trắng,B,province,,,,Gò Đen\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="names both vn-a and vn-b"):
        PlaceIndex(read_places(path), exclusions=())


def test_bad_name_words_are_refused(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("word,role\nNguyễn,nickname\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=":2: unknown role 'nickname'"):
        read_person_name_words(path)


def test_an_added_row_is_found_without_code_changes(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + "vn-go-den,Gò Đen,Go Den,province,,,,Gò-Đen\n", encoding="utf-8")
    index = PlaceIndex(read_places(path), exclusions=())
    text = "Huyện mới của tỉnh Gò Đen có 12 xã."
    assert [(h.place_id, text[h.start:h.end]) for h in index.find(text)] == [("vn-go-den", "tỉnh Gò Đen")]


# Finding place phrases -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "on", "expected"), [
    ("Năm nay Bắc Ninh tăng mạnh.", None, [("vn-bac-ninh", "Bắc Ninh")]),
    ("Năm nay tỉnh Bắc Ninh tăng mạnh.", None, [("vn-bac-ninh", "tỉnh Bắc Ninh")]),
    ("Lãnh đạo thành phố Đà Nẵng cho biết.", None, [("vn-da-nang", "thành phố Đà Nẵng")]),
    ("Ở TP. Cần Thơ và TP.Cần Thơ cũng vậy.", None, [("vn-can-tho", "TP. Cần Thơ"), ("vn-can-tho", "TP.Cần Thơ")]),
    ("TP.HCM, TP HCM, TPHCM và Thành phố Hồ Chí Minh", None,
     [("vn-ho-chi-minh", "TP.HCM"), ("vn-ho-chi-minh", "TP HCM"), ("vn-ho-chi-minh", "TPHCM"),
      ("vn-ho-chi-minh", "Thành phố Hồ Chí Minh")]),
    ("Tư tưởng Hồ Chí Minh được học tập.", None, []),
    ("Sài Gòn về đêm", None, [("vn-ho-chi-minh", "Sài Gòn")]),
    ("Thừa Thiên Huế, Huế và TT-Huế", None,
     [("vn-thua-thien-hue", "Thừa Thiên Huế"), ("vn-thua-thien-hue", "Huế"), ("vn-thua-thien-hue", "TT-Huế")]),
    ("món bún bò huế ngon", None, []),
    ("Bà Rịa - Vũng Tàu, Bà Rịa–Vũng Tàu và BR-VT", None,
     [("vn-ba-ria-vung-tau", "Bà Rịa - Vũng Tàu"), ("vn-ba-ria-vung-tau", "Bà Rịa–Vũng Tàu"),
      ("vn-ba-ria-vung-tau", "BR-VT")]),
    ("Đắk Lắk hay Đắc Lắk", None, [("vn-dak-lak", "Đắk Lắk"), ("vn-dak-lak", "Đắc Lắk")]),
    ("Hòa Bình và Hoà Bình", None, [("vn-hoa-binh", "Hòa Bình"), ("vn-hoa-binh", "Hoà Bình")]),
    ("Vì hòa bình và thịnh vượng", None, []),
    ("Miền Nam và Nam Bộ", None, []),
    ("Bình Dương và Hà Nam", None, [("vn-binh-duong", "Bình Dương"), ("vn-ha-nam", "Hà Nam")]),
    ("BẮC NINH DẪN ĐẦU", None, [("vn-bac-ninh", "BẮC NINH")]),
    ("Bac Ninh va TP HCM", None, [("vn-bac-ninh", "Bac Ninh"), ("vn-ho-chi-minh", "TP HCM")]),
    ("Hue va My", None, []),
    ("Bắc Ninh", BEFORE, [("vn-bac-ninh", "Bắc Ninh")]),
    ("Bắc Ninh", AFTER, [("vn-bac-ninh-2025", "Bắc Ninh")]),
    ("Bắc Giang", AFTER, [("vn-bac-giang", "Bắc Giang")]),
    ("TP.HCM", AFTER, [("vn-ho-chi-minh-2025", "TP.HCM")]),
    ("Hà Nội", AFTER, [("vn-ha-noi", "Hà Nội")]),
    ("cả nước và toàn quốc, Việt Nam", None, [("vn", "cả nước"), ("vn", "toàn quốc"), ("vn", "Việt Nam")]),
    ("các bộ, ngành và cấp xã, cấp huyện", None,
     [("agg-ministries", "các bộ, ngành"), ("agg-communes", "cấp xã"), ("agg-districts", "cấp huyện")]),
    ("các tỉnh, thành phố", None, [("agg-localities", "các tỉnh, thành phố")]),
    ("Singapore, Thái Lan, Mỹ và EU", None,
     [("foreign", "Singapore"), ("foreign", "Thái Lan"), ("foreign", "Mỹ"), ("foreign", "EU")]),
    ("Mỹ Tho thuộc Tiền Giang", None, [("vn-tien-giang", "Tiền Giang")]),
    ("Ngân hàng Thế giới và phố Huế", None, []),
    ("trong thế giới số hôm nay, trên thế giới", None, [("foreign", "trên thế giới")]),
    ("thủ đô Hà Nội", None, [("vn-ha-noi", "Hà Nội")]),
    ("Ông Trần Thái Bình và bà Lê Thị Hà Nam dự họp ở tỉnh Thái Bình.", None, [("vn-thai-binh", "tỉnh Thái Bình")]),
    ("Tổ chức Sở hữu trí tuệ thế giới xếp hạng", None, []),
])
def test_find(text, on, expected):
    assert found(text, on) == expected


def test_find_in_a_window_gives_offsets_into_the_text():
    text = "Hà Nội có 5. Đà Nẵng có 3."
    start = text.index("Đà")
    hits = INDEX.find(text, start, len(text))
    assert [(h.place_id, h.kind, h.start, h.end) for h in hits] == [("vn-da-nang", "province", start, start + 7)]


# Local markers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Toàn tỉnh có 300 doanh nghiệp.", ["Toàn tỉnh"]),
    ("Tỉnh đã cấp 900 chứng thư số.", ["Tỉnh đã"]),
    ("Các tỉnh đã cấp 900 chứng thư số.", []),
    ("Đến nay 20 tỉnh có cổng dữ liệu.", []),
    ("Số liệu ước tính đạt 900.", []),
    ("Theo Sở TT&TT, trên địa bàn tỉnh có 12 điểm.", ["Sở TT&TT", "trên địa bàn tỉnh"]),
    ("UBND tỉnh và Sở Khoa học và Công nghệ", ["UBND tỉnh", "Sở Khoa học và Công nghệ"]),
    ("toan tinh co 300 doanh nghiep", ["toan tinh"]),
])
def test_local_markers(text, expected):
    assert [text[s:e] for s, e in local_markers(text, 0, len(text))] == expected


# The article's home province ---------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Lạng Sơn đẩy mạnh thanh toán số", "Năm qua có 40 chợ dùng mã QR.", "vn-lang-son"),
    ("Tin chuyển đổi số", "Cổng thông tin điện tử tỉnh Lào Cai\nToàn tỉnh có 300 doanh nghiệp. Hà Nội có 5.",
     "vn-lao-cai"),
    ("Tin chuyển đổi số", "Sở TT&TT Phú Yên cho biết tỉnh đã cấp 200 chữ ký số.", "vn-phu-yen"),
    ("Kết quả chuyển đổi số", "Toàn tỉnh có 90 xã. Tỉnh Kon Tum dẫn đầu; Kon Tum cũng đứng đầu Gia Lai.",
     "vn-kon-tum"),
    ("Kết quả cả nước", "Cả nước có 18 bộ kết nối; Hà Nội có 2 triệu tài khoản.", None),
    ("Hà Nội và TP.HCM dẫn đầu", "Cả nước có 18 bộ kết nối.", None),
])
def test_article_home(title, text, expected):
    assert article_home(text, title, index=INDEX) == expected


# The place of one quantity -----------------------------------------------------------------------------

def where(text, number, subject=None, after=None, **kwargs):
    """The place of ``number`` (its first occurrence after ``after``) in a one-sentence text."""
    q = text.index(number, text.index(after) + len(after) if after else 0)
    span = None
    if subject:
        s = text.index(subject)
        span = (s, s + len(subject))
    lead_start = text.index(after) + len(after) if after else None
    return place_of(text, (0, len(text)), (q, q + len(number)), span, index=INDEX, lead_start=lead_start, **kwargs)


@pytest.mark.parametrize(("text", "number", "kwargs", "expected"), [
    # (a) a place in the subject or the lead
    ("Tỷ lệ hồ sơ trực tuyến của tỉnh Bắc Ninh đạt 62%.", "62%", {}, "vn-bac-ninh"),
    ("Hà Nội có 2.000 doanh nghiệp công nghệ số.", "2.000", {}, "vn-ha-noi"),
    ("Số thuê bao 5G tại TP.HCM đạt 1,5 triệu.", "1,5", {}, "vn-ho-chi-minh"),
    ("Số thuê bao 5G tại TP.HCM đạt 1,5 triệu.", "1,5", {"on": AFTER}, "vn-ho-chi-minh-2025"),
    ("Số tài khoản của Bac Giang dat 80 nghin.", "80", {"on": AFTER}, "vn-bac-giang"),
    ("Đà Nẵng đạt 81%, còn Quảng Nam đạt 64%.", "64%", {"after": "81%"}, "vn-quang-nam"),
    ("Đà Nẵng đạt 81%, còn Quảng Nam đạt 64%.", "81%", {}, "vn-da-nang"),
    ("Doanh thu bán lẻ trực tuyến của Indonesia đạt 60 tỷ USD.", "60", {}, "foreign"),
    ("Chỉ số của Việt Nam là 0,71, trung bình thế giới là 0,64.", "0,64", {"after": "0,71"}, "foreign"),
    ("Chỉ số của Việt Nam là 0,71, trung bình thế giới là 0,64.", "0,71", {}, "vn"),
    # aggregates: a qualifier of the subject, never the counted noun
    ("Tỷ lệ văn bản ký số của các bộ, ngành đạt 93%.", "93%", {}, "agg-ministries"),
    ("Khối địa phương có 44% hồ sơ được số hóa.", "44%", {}, "agg-localities"),
    ("Tỷ lệ số hóa kết quả lần lượt: bộ, ngành (58%); địa phương (21%).", "21%", {"after": "58%"}, "agg-localities"),
    ("Tỷ lệ số hóa kết quả lần lượt: bộ, ngành (58%); địa phương (21%).", "58%", {}, "agg-ministries"),
    ("Tỷ lệ thủ tục trực tuyến cấp xã đạt 37%.", "37%", {}, "agg-communes"),
    ("Đã có 22 bộ, ngành kết nối nền tảng dữ liệu.", "22", {}, "vn"),
    ("Đến nay 63/63 tỉnh, thành phố đã kết nối.", "63/63", {}, "vn"),
    ("Có 27 bộ, ngành và 63 địa phương đã kết nối.", "63", {"after": "27"}, "vn"),
    ("Năm 2024, các địa phương đạt 45% hồ sơ trực tuyến.", "45%", {}, "agg-localities"),
    ("Số hồ sơ của các bộ, ngành, địa phương đạt 5 triệu.", "5", {}, "vn"),
    # the subject span takes precedence over the lead
    ("Cả nước có 600 điểm phát sóng tại Sơn La.", "600", {"subject": "điểm phát sóng tại Sơn La"}, "vn-son-la"),
    # (b) the sentence opening, the owner anywhere, local markers
    ("Tại Bắc Ninh, số giao dịch đạt 3 triệu; số tài khoản đạt 2 triệu.", "2", {"after": "3 triệu"},
     "vn-bac-ninh"),
    ("Riêng TP.HCM, lượt truy cập đạt 4 triệu, tăng 20%.", "20%", {"after": "4 triệu"}, "vn-ho-chi-minh"),
    ("Ở Đà Nẵng tốc độ đạt 90 Mbps, nhanh hơn 10%.", "10%", {"after": "90 Mbps"}, "vn-da-nang"),
    ("Trên thế giới, số người dùng đạt 5 tỷ, tăng 3%.", "3%", {"after": "5 tỷ"}, "foreign"),
    ("Có 1.300 doanh nghiệp trên địa bàn tỉnh Bắc Giang đã chuyển đổi số.", "1.300", {}, "vn-bac-giang"),
    ("Toàn tỉnh có 410 doanh nghiệp số.", "410", {"home": "vn-ninh-binh"}, "vn-ninh-binh"),
    ("Toàn tỉnh có 410 doanh nghiệp số.", "410", {}, "vn-unknown"),
    ("Tỉnh đã cấp 900 chứng thư số, cao nhất cả nước.", "900", {"home": "vn-yen-bai"}, "vn-yen-bai"),
    ("Các tỉnh đã cấp 900 chứng thư số.", "900", {"home": "vn-yen-bai"}, "vn"),
    # (c) a national marker, (d) the carried place, (e) the nation
    ("Tỷ lệ dân số trưởng thành có điện thoại thông minh trên toàn quốc đạt 84%.", "84%",
     {"carried": "vn-da-nang", "home": "vn-da-nang"}, "vn"),
    ("Con số này đạt 70%.", "70%", {"carried": "vn-da-nang"}, "vn-da-nang"),
    ("Con số này đạt 70%.", "70%", {"home": "vn-da-nang"}, "vn"),
    ("Chỉ số này đạt 0,77, cao hơn mức trung bình của thế giới.", "0,77", {}, "vn"),
])
def test_place_of(text, number, kwargs, expected):
    assert where(text, number, **kwargs) == expected


def test_places_listed_before_lan_luot_go_to_the_numbers_in_order():
    from pipelines.core.extract import extract_article

    text = "Số trạm BTS 5G của Đà Nẵng, Cần Thơ và Hải Phòng lần lượt là 1.200, 640 và 980 trạm."
    found = [(o.value, o.place_id) for o in extract_article(text, "2024").observations]
    assert found == [(1200, "vn-da-nang"), (640, "vn-can-tho"), (980, "vn-hai-phong")]
    uneven = "Số trạm BTS 5G của Đà Nẵng và Cần Thơ lần lượt là 1.200, 640 và 980 trạm."
    assert len({o.place_id for o in extract_article(uneven, "2024").observations}) == 1


@pytest.mark.parametrize("text, expected", [
    ("Tỷ lệ văn bản ký số của bộ, ngành và địa phương lần lượt đạt 71% và 44%.",
     [(71, "agg-ministries"), (44, "agg-localities")]),
    ("Các bộ, ngành, địa phương lần lượt có 15 và 52 nền tảng dùng chung.",
     [(15, "agg-ministries"), (52, "agg-localities")]),
    ("Tỷ lệ văn bản ký số của các bộ, ngành và địa phương đạt 71%.", [(71, "vn")]),
])
def test_a_national_phrase_listing_aggregates_splits_before_lan_luot(text, expected):
    from pipelines.core.extract import extract_article

    assert [(o.value, o.place_id) for o in extract_article(text, "2024").observations] == expected


@pytest.mark.parametrize("text, expected", [
    # the ministry's own administration: its own series
    ("Tỷ lệ hồ sơ giải quyết đúng hạn của Bộ Xây dựng đạt 96%.", [(96, "min-xay-dung")]),
    ("Bộ Nội vụ (91,2%) và Bộ Ngoại giao (88,5%) đứng sau.", [(91.2, "min-noi-vu"), (88.5, "min-ngoai-giao")]),
    ("Bộ Giáo dục và Đào tạo có 45 dịch vụ công trực tuyến toàn trình.", [(45, "min-giao-duc-va-dao-tao")]),
    ("Bộ KH&CN dẫn đầu với 97 điểm, tương đương 12 hệ thống đạt chuẩn.",
     [(97, "min-khoa-hoc-va-cong-nghe"), (12, "min-khoa-hoc-va-cong-nghe")]),
    # the source of a national figure, or the actor of a national programme: the nation's value
    ("Theo Bộ Tài chính, số doanh nghiệp dùng hóa đơn điện tử đạt 1,2 triệu.", [(1200000, "vn")]),
    ("Bộ Y tế cho biết 98% bệnh viện đã triển khai bệnh án điện tử.", [(98, "vn")]),
    ("Bộ Công an đã cấp 79 triệu thẻ căn cước cho người dân.", [(79000000, "vn")]),
    ("Văn phòng Chính phủ phối hợp với Bộ Tư pháp tổ chức 6 đợt kiểm tra.", [(6, "vn")]),
])
def test_a_ministry_is_a_place_only_as_the_unit_measured(text, expected):
    from pipelines.core.extract import extract_article

    assert [(o.value, o.place_id) for o in extract_article(text, "2024").observations] == expected


def test_a_ministry_merged_in_2025_names_its_successor():
    places = {p.place_id: p for p in read_places()}
    assert places["min-thong-tin-va-truyen-thong"].successor_id == "min-khoa-hoc-va-cong-nghe"
    assert places["min-ke-hoach-va-dau-tu"].successor_id == "min-tai-chinh"
    assert places["min-nong-nghiep-va-moi-truong"].valid_from.isoformat() == "2025-03-01"



def test_a_token_trie_with_its_word_start_check_inside_finds_whole_words_only():
    import re

    from pipelines.core.phrases import token_trie

    phrases = [("ha", " ", "noi"), ("ha", " ", "nam"), ("hai", " ", "phong"), ("an", " ", "giang"), ("an",)]
    rx = re.compile(token_trie(phrases, lambda t: r"\s+" if t == " " else re.escape(t), word_start=True)
                    + r"(?!\w)")
    text = "ha noi, hai phong, ha  nam, an giang, an; kha noi, chai phong, ban"
    assert [m.group() for m in rx.finditer(text)] == ["ha noi", "hai phong", "ha  nam", "an giang", "an"]


@pytest.mark.parametrize(("url", "publisher", "on", "expected"), [
    ("https://sotttt.laichau.gov.vn/tin-tuc/1", None, BEFORE, "vn-lai-chau"),
    ("https://baohaugiang.com.vn/kinh-te/2", None, BEFORE, "vn-hau-giang"),
    ("https://en.baocamau.vn/news/3", None, AFTER, "vn-ca-mau-2025"),
    ("https://www.hochiminhcity.gov.vn/x", None, BEFORE, "vn-ho-chi-minh"),
    (None, "Cổng thông tin điện tử tỉnh Kon Tum", BEFORE, "vn-kon-tum"),
    ("https://vnexpress.net/so-hoa/4", "VnExpress", BEFORE, None),
    ("https://baodautu.vn/5", None, BEFORE, None),
])
def test_the_province_of_an_articles_publisher(url, publisher, on, expected):
    assert source_province(url, publisher, index=INDEX, on=on) == expected


def test_a_provincial_sources_text_that_never_names_its_province_is_the_provinces():
    from pipelines.core.extract import extract_article

    text = ("Tại kỳ họp của HĐND tỉnh, Sở Khoa học và Công nghệ báo cáo kết quả năm 2025.\n\n"
            "Toàn tỉnh có 12/40 chỉ tiêu đã đạt. Tỷ lệ hồ sơ trực tuyến đạt 71%.")
    url = "https://hdnd.laichau.gov.vn/tin-tuc/6"
    assert {o.place_id for o in extract_article(text, "2025", date(2025, 12, 1), source_url=url).observations} \
        == {"vn-lai-chau"}
    assert {o.place_id for o in extract_article(text, "2025", date(2025, 12, 1)).observations} \
        == {"vn-unknown"}


@pytest.mark.parametrize("text, expected", [
    ("Tỷ lệ văn bản điện tử của cả nước đạt 91%, trong đó khối bộ đạt 95% và khối tỉnh là 88%.",
     [(91, "vn"), (95, "agg-ministries"), (88, "agg-localities")]),
    ("Khối các bộ, ngành đạt 64% còn khối địa phương đạt 19%.", [(64, "agg-ministries"), (19, "agg-localities")]),
])
def test_the_blocs_of_ministries_and_of_provinces_are_their_aggregates(text, expected):
    from pipelines.core.extract import extract_article

    assert [(o.value, o.place_id) for o in extract_article(text, "2025").observations] == expected
