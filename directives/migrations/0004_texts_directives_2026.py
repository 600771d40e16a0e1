"""The directive texts of the 2026 revision of the research (04-NQ/TW's 27 manifestations re-ordered and
re-grouped with key phrases; 01-KL/TW with the term theme and yearly topics; 144-QĐ/TW, 50-CT/TW with
HD 42's items, 232-QĐ/TW and 51-CT/TW added; statuses, key phrases and sources per item).

Item texts are Vietnamese paraphrases of the research's notes, not official wording: every status but
`confirmed` is shown as a paraphrase wherever the item is used. An item the office has already confirmed
(official text) keeps its text and status. Idempotent: keyed on (directive code, item code).
"""

from django.db import migrations

# Generated once from the research file (directives.yaml, 2026 revision); frozen here: the product does
# not read that file.
DIRECTIVES = [
    {
        "code": "NQTW4-XI",
        "symbol": "12-NQ/TW",
        "kind": "resolution",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2012-01-16",
        "term": "XI",
        "verification": "found",
        "title": "Nghị quyết Hội nghị lần thứ 4 Ban Chấp hành Trung ương Đảng khóa XI: Một số vấn đề cấp bách về "
        "xây dựng Đảng hiện nay",
        "summary": "Nêu ba vấn đề cấp bách về xây dựng Đảng (suy thoái của một bộ phận cán bộ, đảng viên; đội ngũ "
        "cán bộ lãnh đạo, quản lý; trách nhiệm người đứng đầu) và bốn nhóm giải pháp, cấp trên gương "
        "mẫu trước.",
        "sources": [
            "https://baodaknong.vn/print/78787.html",
            "https://xaydungdang.org.vn/su-viec-y-kien/thuc-hien-phe-binh-chat-van-4598",
            "http://banthiduakhenthuongtw.gov.vn/noi-dung/894/Su-guong-mau-cua-cap-tren",
        ],
        "groups": [("van_de_cap_bach", "Vấn đề cấp bách"), ("nhom_giai_phap", "Nhóm giải pháp")],
        "items": [
            {
                "code": "VD1",
                "group": "van_de_cap_bach",
                "text": "Kiên quyết đấu tranh ngăn chặn, đẩy lùi tình trạng suy thoái về tư tưởng chính trị, "
                "đạo đức, lối sống của một bộ phận không nhỏ cán bộ, đảng viên, trước hết là cán bộ "
                "lãnh đạo, quản lý.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "VD2",
                "group": "van_de_cap_bach",
                "text": "Xây dựng đội ngũ cán bộ lãnh đạo, quản lý các cấp, nhất là cấp Trung ương.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "VD3",
                "group": "van_de_cap_bach",
                "text": "Xác định rõ thẩm quyền, trách nhiệm của người đứng đầu cấp ủy, chính quyền trong mối "
                "quan hệ với tập thể cấp ủy, cơ quan, đơn vị.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "GP1",
                "group": "nhom_giai_phap",
                "text": "Tự phê bình và phê bình; nêu gương của cấp trên (trước hết là Bộ Chính trị, Ban Bí "
                "thư, Ban Chấp hành Trung ương).",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "GP2",
                "group": "nhom_giai_phap",
                "text": "Công tác tổ chức, cán bộ và sinh hoạt đảng.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "GP3",
                "group": "nhom_giai_phap",
                "text": "Cơ chế, chính sách.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "GP4",
                "group": "nhom_giai_phap",
                "text": "Giáo dục chính trị, tư tưởng.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
        ],
    },
    {
        "code": "NQTW4-XII",
        "symbol": "04-NQ/TW",
        "kind": "resolution",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2016-10-30",
        "term": "XII",
        "verification": "found",
        "title": "Nghị quyết Hội nghị lần thứ 4 Ban Chấp hành Trung ương Đảng khóa XII về tăng cường xây dựng, "
        "chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những "
        'biểu hiện "tự diễn biến", "tự chuyển hóa" trong nội bộ',
        "summary": "Chỉ ra 27 biểu hiện suy thoái trong ba nhóm, mỗi nhóm chín biểu hiện, và bốn nhóm nhiệm vụ, "
        "giải pháp; là tấm gương để cán bộ, đảng viên tự soi, tự sửa trong kiểm điểm.",
        "sources": [
            "https://danviet.vn/nhan-dien-qua-trinh-tu-suy-thoai-ve-tu-tuong-chinh-tri-den-tu-dien-bien-tu-chuyen-hoa-2023062209121573.htm",
            "http://plo.vn/thoi-su/chinh-tri/diem-mat-hang-loat-bieu-hien-suy-thoai-662223.html",
            "https://lawnet.vn/thong-tin-phap-luat/en/can-bo-cong-chuc-vien-chuc/27-signs-of-political-and-ethical-decline-in-thinking-and-lifestyle-of-cpv-members-142118.html",
            "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
            "https://vantuyen.net/2016/11/14/bui-anh-trinh-hien-tuong-tu-dien-bien-tu-chuyen-hoa/",
            "http://hiepdk.blogspot.com/2017/04",
            "https://baothainguyen.vn/chinh-tri/bao-ve-nen-tang-tu-tuong-cua-dang/",
            "https://plo.vn/thoi-su/chinh-tri/tphcm-thong-bao-nhanh-ket-qua-hoi-nghi-trung-uong-4-659206.html",
            "https://lib.hutech.edu.vn/chi-tiet?id=487937",
            "https://www.antv.gov.vn/print.aspx?id=198484",
            "http://binhminhdatphu.com/chuyen-muc/bao-ve-nen-tang-tu-tuong/page/25",
        ],
        "groups": [
            ("TTCT", "Suy thoái về tư tưởng chính trị"),
            ("DDLS", "Suy thoái về đạo đức, lối sống"),
            ("TDB", 'Biểu hiện "tự diễn biến", "tự chuyển hóa"'),
            ("GP", "Nhóm nhiệm vụ, giải pháp"),
        ],
        "items": [
            {
                "code": "TTCT-1",
                "group": "TTCT",
                "text": "Phai nhạt lý tưởng cách mạng; dao động, giảm sút niềm tin vào mục tiêu độc lập dân tộc "
                "và chủ nghĩa xã hội; hoài nghi, thiếu tin tưởng vào chủ nghĩa Mác - Lê-nin, tư tưởng "
                "Hồ Chí Minh.",
                "key_phrase": "phai nhạt lý tưởng cách mạng",
                "verification": "found",
                "sources": [
                    "https://danviet.vn/nhan-dien-qua-trinh-tu-suy-thoai-ve-tu-tuong-chinh-tri-den-tu-dien-bien-tu-chuyen-hoa-2023062209121573.htm",
                    "http://plo.vn/thoi-su/chinh-tri/diem-mat-hang-loat-bieu-hien-suy-thoai-662223.html",
                ],
            },
            {
                "code": "TTCT-2",
                "group": "TTCT",
                "text": "Xa rời tôn chỉ, mục đích của Đảng, không kiên định con đường xã hội chủ nghĩa; phụ họa "
                "theo những nhận thức lệch lạc, quan điểm sai trái.",
                "key_phrase": "xa rời tôn chỉ, mục đích",
                "verification": "found",
                "sources": [
                    "https://danviet.vn/nhan-dien-qua-trinh-tu-suy-thoai-ve-tu-tuong-chinh-tri-den-tu-dien-bien-tu-chuyen-hoa-2023062209121573.htm",
                    "https://lawnet.vn/thong-tin-phap-luat/en/can-bo-cong-chuc-vien-chuc/27-signs-of-political-and-ethical-decline-in-thinking-and-lifestyle-of-cpv-members-142118.html",
                ],
            },
            {
                "code": "TTCT-3",
                "group": "TTCT",
                "text": "Nhận thức sai lệch về vị trí, vai trò của lý luận và học tập lý luận chính trị; lười "
                "học tập chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh, đường lối, nghị quyết của Đảng, "
                "chính sách, pháp luật của Nhà nước.",
                "key_phrase": "lười học tập chủ nghĩa Mác-Lênin",
                "verification": "found",
                "sources": [
                    "https://danviet.vn/nhan-dien-qua-trinh-tu-suy-thoai-ve-tu-tuong-chinh-tri-den-tu-dien-bien-tu-chuyen-hoa-2023062209121573.htm",
                    "https://lawnet.vn/thong-tin-phap-luat/en/can-bo-cong-chuc-vien-chuc/27-signs-of-political-and-ethical-decline-in-thinking-and-lifestyle-of-cpv-members-142118.html",
                ],
            },
            {
                "code": "TTCT-4",
                "group": "TTCT",
                "text": "Không chấp hành nghiêm các nguyên tắc tổ chức của Đảng; sa sút ý chí phấn đấu, không "
                "gương mẫu trong công tác; né tránh, thiếu trách nhiệm, làm việc qua loa, đại khái, kém "
                "hiệu quả; không còn tận tâm, tận lực phụng sự Tổ quốc, phục vụ nhân dân, không hoàn "
                "thành nhiệm vụ được giao.",
                "key_phrase": "sa sút ý chí phấn đấu",
                "verification": "found",
                "sources": [
                    "http://plo.vn/thoi-su/chinh-tri/diem-mat-hang-loat-bieu-hien-suy-thoai-662223.html",
                    "https://lawnet.vn/thong-tin-phap-luat/en/can-bo-cong-chuc-vien-chuc/27-signs-of-political-and-ethical-decline-in-thinking-and-lifestyle-of-cpv-members-142118.html",
                    "https://baothainguyen.vn/chinh-tri/bao-ve-nen-tang-tu-tuong-cua-dang/",
                ],
            },
            {
                "code": "TTCT-5",
                "group": "TTCT",
                "text": "Khi tự phê bình thì che giấu khuyết điểm, không dám nhận sai, thiếu thành khẩn, không "
                "tự giác nhận kỷ luật; khi phê bình thì dĩ hòa vi quý, né tránh, ngại va chạm, thấy sai "
                "không đấu tranh; hoặc lợi dụng phê bình để nịnh bợ, lấy lòng, hoặc vu khống, bôi nhọ, "
                "đả kích người khác với động cơ cá nhân không trong sáng.",
                "key_phrase": "thấy sai không đấu tranh",
                "verification": "found",
                "sources": [
                    "http://plo.vn/thoi-su/chinh-tri/diem-mat-hang-loat-bieu-hien-suy-thoai-662223.html",
                    "http://binhminhdatphu.com/chuyen-muc/bao-ve-nen-tang-tu-tuong/page/25",
                ],
            },
            {
                "code": "TTCT-6",
                "group": "TTCT",
                "text": "Nói không đi đôi với làm: hứa nhiều, nói hay nhưng làm khác (ý chính theo bài tóm tắt "
                "27 biểu hiện; nguyên văn cần đối chiếu).",
                "key_phrase": "nói không đi đôi với làm",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "TTCT-7",
                "group": "TTCT",
                "text": "Bảo thủ, áp đặt ý kiến của mình cho người khác (ý chính theo bài tóm tắt; nguyên văn "
                "cần đối chiếu).",
                "key_phrase": "áp đặt, bảo thủ",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "TTCT-8",
                "group": "TTCT",
                "text": "Khó khăn thì né tránh, đùn đẩy; ham danh, chạy chức, chạy phiếu bầu (ý chính theo bài "
                "tóm tắt; nguyên văn cần đối chiếu).",
                "key_phrase": "khó khăn thì tránh",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "TTCT-9",
                "group": "TTCT",
                "text": "Cục bộ, bổ nhiệm, sắp xếp người thân, người quen vào các vị trí (ý chính theo bài tóm "
                "tắt; nguyên văn cần đối chiếu).",
                "key_phrase": "thân, quen bổ nhiệm",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-1",
                "group": "DDLS",
                "text": "Chủ nghĩa cá nhân: vụ lợi, cơ hội, vun vén lợi ích riêng hơn lợi ích tập thể, ganh "
                "ghét, đố kỵ (ý chính; nguyên văn cần đối chiếu).",
                "key_phrase": "chủ nghĩa cá nhân",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-2",
                "group": "DDLS",
                "text": "Tranh quyền, cục bộ; gia trưởng, độc đoán, chuyên quyền (ý chính; nguyên văn cần đối "
                "chiếu).",
                "key_phrase": "tranh quyền, cục bộ",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-3",
                "group": "DDLS",
                "text": "Kê khai tài sản, thu nhập không trung thực, không rõ ràng (ý chính; nguyên văn cần đối "
                "chiếu).",
                "key_phrase": "kê khai tài sản",
                "verification": "partial",
                "sources": [
                    "http://hiepdk.blogspot.com/2017/04",
                    "https://baomoi.com/dang-vien-ke-khai-minh-bach-tai-san-khong-trung-thuc-la-bieu-hien-suy-thoai-ve-dao-duc-loi-song-c46664858.epi",
                ],
            },
            {
                "code": "DDLS-4",
                "group": "DDLS",
                "text": "Che giấu khuyết điểm, phô trương thành tích (ý chính; nguyên văn cần đối chiếu).",
                "key_phrase": "che giấu khuyết điểm",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-5",
                "group": "DDLS",
                "text": "Quan liêu, xa dân; thờ ơ, vô cảm, thiếu trách nhiệm trước khó khăn, bức xúc và đòi hỏi "
                "chính đáng của nhân dân (chuyển từ TTCT-7 của bản trước).",
                "key_phrase": "thờ ơ, vô cảm",
                "verification": "partial",
                "sources": [
                    "https://baothainguyen.vn/chinh-tri/bao-ve-nen-tang-tu-tuong-cua-dang/",
                    "http://hiepdk.blogspot.com/2017/04",
                ],
            },
            {
                "code": "DDLS-6",
                "group": "DDLS",
                "text": "Lãng phí, để thất thoát tiền, tài sản công; phung phí thời gian, kinh phí (ý chính; "
                "nguyên văn cần đối chiếu).",
                "key_phrase": "lãng phí, thất thoát",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-7",
                "group": "DDLS",
                "text": "Tham ô, tham nhũng, lạm dụng chức vụ, quyền hạn (ý chính; nguyên văn cần đối chiếu).",
                "key_phrase": "tham ô, lạm dụng chức quyền",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-8",
                "group": "DDLS",
                "text": "Thao túng công tác nhân sự vì lợi ích riêng (ý chính; nguyên văn cần đối chiếu).",
                "key_phrase": "thao túng nhân sự",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "DDLS-9",
                "group": "DDLS",
                "text": "Sống bê tha, vi phạm đạo đức gia đình (ý chính; nguyên văn cần đối chiếu).",
                "key_phrase": "bê tha, phạm đạo gia đình",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "TDB-1",
                "group": "TDB",
                "text": "Phản bác, phủ nhận chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh; đòi thực hiện đa "
                "nguyên chính trị, đa đảng đối lập.",
                "key_phrase": "đa nguyên, đa đảng",
                "verification": "found",
                "sources": [
                    "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
                    "https://vantuyen.net/2016/11/14/bui-anh-trinh-hien-tuong-tu-dien-bien-tu-chuyen-hoa/",
                ],
            },
            {
                "code": "TDB-2",
                "group": "TDB",
                "text": 'Phủ nhận nền dân chủ xã hội chủ nghĩa, Nhà nước pháp quyền xã hội chủ nghĩa; đòi "tam '
                'quyền phân lập", "xã hội dân sự"; phủ nhận chế độ sở hữu toàn dân về đất đai.',
                "key_phrase": "tam quyền phân lập",
                "verification": "found",
                "sources": [
                    "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
                    "https://vantuyen.net/2016/11/14/bui-anh-trinh-hien-tuong-tu-dien-bien-tu-chuyen-hoa/",
                ],
            },
            {
                "code": "TDB-3",
                "group": "TDB",
                "text": "Nói, viết, làm trái quan điểm, đường lối của Đảng; xuyên tạc lịch sử, bịa đặt, vu cáo "
                "các lãnh tụ tiền bối và lãnh đạo Đảng, Nhà nước.",
                "key_phrase": "xuyên tạc lịch sử",
                "verification": "found",
                "sources": [
                    "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
                    "https://vantuyen.net/2016/11/14/bui-anh-trinh-hien-tuong-tu-dien-bien-tu-chuyen-hoa/",
                ],
            },
            {
                "code": "TDB-4",
                "group": "TDB",
                "text": "Kích động tư tưởng bất mãn, bất đồng chính kiến; hạ thấp uy tín, vai trò lãnh đạo của "
                "Đảng; gây chia rẽ, nghi kỵ trong cán bộ, đảng viên và nhân dân.",
                "key_phrase": "kích động tư tưởng bất mãn",
                "verification": "found",
                "sources": [
                    "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
                    "https://vantuyen.net/2016/11/14/bui-anh-trinh-hien-tuong-tu-dien-bien-tu-chuyen-hoa/",
                ],
            },
            {
                "code": "TDB-5",
                "group": "TDB",
                "text": "Phủ nhận sự lãnh đạo tuyệt đối, trực tiếp về mọi mặt của Đảng đối với lực lượng vũ "
                'trang; đòi "phi chính trị hóa" quân đội và công an; gây chia rẽ giữa quân đội với công '
                "an, giữa nhân dân với lực lượng vũ trang.",
                "key_phrase": "phi chính trị hóa",
                "verification": "found",
                "sources": [
                    "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
                    "http://hiepdk.blogspot.com/2017/04",
                ],
            },
            {
                "code": "TDB-6",
                "group": "TDB",
                "text": "Móc nối, cấu kết với các thế lực thù địch, phần tử cơ hội (mục đích và chi tiết cần "
                "đối chiếu).",
                "key_phrase": "móc nối, cấu kết",
                "verification": "partial",
                "sources": [
                    "https://bongbvt.blogspot.com/2017/01/ban-ve-tu-dien-bien-va-tu-chuyen-hoa.html",
                    "http://hiepdk.blogspot.com/2017/04",
                ],
            },
            {
                "code": "TDB-7",
                "group": "TDB",
                "text": "Cung cấp thông tin sai lệch trong quan hệ đối ngoại (ý chính theo bài tóm tắt; nguyên "
                "văn cần đối chiếu).",
                "key_phrase": "thông tin đối ngoại",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "TDB-8",
                "group": "TDB",
                "text": "Viết bài, sáng tác tác phẩm bôi nhọ; lôi kéo người khác, gây ảnh hưởng xấu đến dư luận "
                "(ý chính theo bài tóm tắt; nguyên văn cần đối chiếu).",
                "key_phrase": "sáng tác, lôi kéo",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "TDB-9",
                "group": "TDB",
                "text": "Tư tưởng dân tộc hẹp hòi, cực đoan (ý chính theo bài tóm tắt; nguyên văn cần đối "
                "chiếu).",
                "key_phrase": "dân tộc hẹp hòi, cực đoan",
                "verification": "partial",
                "sources": ["http://hiepdk.blogspot.com/2017/04"],
            },
            {
                "code": "GP1",
                "group": "GP",
                "text": "Về công tác chính trị, tư tưởng, tự phê bình và phê bình.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://plo.vn/thoi-su/chinh-tri/tphcm-thong-bao-nhanh-ket-qua-hoi-nghi-trung-uong-4-659206.html",
                    "https://www.antv.gov.vn/print.aspx?id=198484",
                ],
            },
            {
                "code": "GP2",
                "group": "GP",
                "text": "Về cơ chế, chính sách.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://plo.vn/thoi-su/chinh-tri/tphcm-thong-bao-nhanh-ket-qua-hoi-nghi-trung-uong-4-659206.html",
                    "https://www.antv.gov.vn/print.aspx?id=198484",
                ],
            },
            {
                "code": "GP3",
                "group": "GP",
                "text": "Về kiểm tra, giám sát, kỷ luật đảng.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://plo.vn/thoi-su/chinh-tri/tphcm-thong-bao-nhanh-ket-qua-hoi-nghi-trung-uong-4-659206.html",
                    "https://www.antv.gov.vn/print.aspx?id=198484",
                ],
            },
            {
                "code": "GP4",
                "group": "GP",
                "text": "Phát huy vai trò của nhân dân, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://plo.vn/thoi-su/chinh-tri/tphcm-thong-bao-nhanh-ket-qua-hoi-nghi-trung-uong-4-659206.html",
                    "https://www.antv.gov.vn/print.aspx?id=198484",
                ],
            },
        ],
    },
    {
        "code": "CT05",
        "symbol": "05-CT/TW",
        "kind": "instruction",
        "issuer": "Bộ Chính trị",
        "issued_on": "2016-05-15",
        "term": "XII",
        "verification": "found",
        "title": "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "summary": "Mở rộng các cuộc vận động trước (CT 06/2006, CT 03/2011) sang học tập tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh; học tập thường xuyên, đa dạng; kết quả là tiêu chí đánh giá hằng năm; mỗi "
        "người đăng ký việc làm cụ thể.",
        "sources": [
            "http://ict-binhphuoc.gov.vn/tin-tuc/sang-mai-tu-tuong-dao-duc-phong-cach-ho-chi-minh.html",
            "https://nld.com.vn/cong-doan/day-manh-hoc-tap-lam-theo-bac-ho-20161202213605312.htm",
            "https://en.dangcongsan.vn/science-education/bac-giang-each-collective-asked-to-identify-3-key-contents-of-studying-and-following-uncle-ho-584484.html",
            "https://hodine.com/shopping/?alias=59ab0588800a2ae794c21c8673cce63d&site=product",
        ],
        "groups": [("noi_dung", "Nội dung"), ("nhiem_vu", "Nhiệm vụ")],
        "items": [
            {
                "code": "ND1",
                "group": "noi_dung",
                "text": "Học tập tư tưởng Hồ Chí Minh.",
                "key_phrase": "tư tưởng Hồ Chí Minh",
                "verification": "found",
                "sources": [
                    "https://nld.com.vn/cong-doan/day-manh-hoc-tap-lam-theo-bac-ho-20161202213605312.htm"
                ],
            },
            {
                "code": "ND2",
                "group": "noi_dung",
                "text": "Học tập và làm theo đạo đức Hồ Chí Minh.",
                "key_phrase": "đạo đức Hồ Chí Minh",
                "verification": "found",
                "sources": [
                    "https://nld.com.vn/cong-doan/day-manh-hoc-tap-lam-theo-bac-ho-20161202213605312.htm"
                ],
            },
            {
                "code": "ND3",
                "group": "noi_dung",
                "text": "Học tập và làm theo phong cách Hồ Chí Minh (phong cách tư duy, làm việc, ứng xử, sinh "
                "hoạt).",
                "key_phrase": "phong cách Hồ Chí Minh",
                "verification": "found",
                "sources": [
                    "https://nld.com.vn/cong-doan/day-manh-hoc-tap-lam-theo-bac-ho-20161202213605312.htm"
                ],
            },
            {
                "code": "NV1",
                "group": "nhiem_vu",
                "text": "Tổ chức đảng tổ chức học tập, tuyên truyền thường xuyên, liên tục, bằng nhiều hình "
                "thức sinh động.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "NV2",
                "group": "nhiem_vu",
                "text": "Kết quả học tập và làm theo là một tiêu chuẩn đánh giá, xếp loại đảng viên và tổ chức "
                "đảng hằng năm.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "NV3",
                "group": "nhiem_vu",
                "text": "Ở cơ quan, doanh nghiệp, việc học tập gắn với các cuộc vận động, phong trào thi đua "
                "của đơn vị.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "NV4",
                "group": "nhiem_vu",
                "text": "Mỗi cán bộ, đảng viên đăng ký việc làm cụ thể để làm theo hằng năm; người đứng đầu nêu "
                "gương trước.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "NV5",
                "group": "nhiem_vu",
                "text": "Đưa câu chuyện, tấm gương về Bác vào sinh hoạt chi bộ và sinh hoạt đoàn thể hằng "
                "tháng.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
        ],
    },
    {
        "code": "QD08",
        "symbol": "08-QĐi/TW",
        "kind": "regulation",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2018-10-25",
        "term": "XII",
        "verification": "found",
        "title": "Quy định trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy viên "
        "Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
        "summary": "16 nội dung: 8 điều gương mẫu đi đầu thực hiện (Điều 2) và 8 điều nghiêm khắc với bản thân, "
        "kiên quyết chống (Điều 3); chức vụ càng cao càng phải gương mẫu; kế thừa QĐ 101/2012 và QĐ "
        "55/2016.",
        "sources": [
            "https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html",
            "https://baotintuc.vn/goc-nhin/bon-phan-cua-nguoi-neu-guong-20181107151139380.htm",
            "https://daihoidang.baoquangninh.vn/trach-nhiem-neu-guong-trung-uong-dia-phuong-phai-cung-chuyen-dong-2405955.html",
            "https://daibieudancukontum.gov.vn/KonTum/1278/DE-THUC-HIEN-QUY-DINH-08-CUA-BAN-CHAP-HANH-TRUNG-UONG-DANG-VE-TRACH-NHIEM-NEU-GUONG.aspx",
            "https://baonghean.vn/en/chu-dong-xin-tu-chuc-khi-khong-con-du-uy-tin-10184905.html",
        ],
        "groups": [
            ("GM", "Gương mẫu đi đầu thực hiện (Điều 2)"),
            ("KC", "Nghiêm khắc với bản thân và kiên quyết chống (Điều 3)"),
        ],
        "items": [
            {
                "code": "GM1",
                "group": "GM",
                "text": "Tuyệt đối trung thành với Tổ quốc, với nhân dân, với Đảng; kiên định chủ nghĩa Mác - "
                "Lê-nin, tư tưởng Hồ Chí Minh và đường lối của Đảng.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "GM2",
                "group": "GM",
                "text": "Đặt lợi ích quốc gia - dân tộc, lợi ích chung lên trên lợi ích cá nhân.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
            {
                "code": "GM3",
                "group": "GM",
                "text": "Nhận và hoàn thành nhiệm vụ được giao; lấy kết quả thực hiện nhiệm vụ làm thước đo.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "GM4",
                "group": "GM",
                "text": "Nghiêm túc tự phê bình và phê bình; bảo vệ cái đúng, đấu tranh với cái sai; không "
                "tranh công, đổ lỗi; nhận lỗi; chủ động xin từ chức khi không còn đủ năng lực, uy tín.",
                "key_phrase": "chủ động xin từ chức",
                "verification": "found",
                "sources": [
                    "https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html",
                    "https://baonghean.vn/en/chu-dong-xin-tu-chuc-khi-khong-con-du-uy-tin-10184905.html",
                ],
            },
            {
                "code": "GM5",
                "group": "GM",
                "text": "Chấp hành nghiêm nguyên tắc tập trung dân chủ và kỷ luật, kỷ cương.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
            {
                "code": "GM6",
                "group": "GM",
                "text": "Công tâm, khách quan, trung thực, nhất là trong công tác cán bộ.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
            {
                "code": "GM7",
                "group": "GM",
                "text": "Không ngừng học tập, tu dưỡng đạo đức cách mạng; mẫu mực về đạo đức, lối sống; cần, "
                "kiệm, liêm, chính, chí công vô tư, giản dị.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html"
                ],
            },
            {
                "code": "GM8",
                "group": "GM",
                "text": "Gần gũi nhân dân; tôn trọng và phục vụ nhân dân.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
            {
                "code": "KC1",
                "group": "KC",
                "text": "Chủ nghĩa cá nhân, cục bộ, bè phái; núp bóng tập thể, lợi dụng danh nghĩa tập thể vì "
                "mục đích cá nhân; nói không đi đôi với làm, nói nhiều làm ít.",
                "key_phrase": "nói không đi đôi với làm",
                "verification": "found",
                "sources": [
                    "https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html"
                ],
            },
            {
                "code": "KC2",
                "group": "KC",
                "text": "Tác phong gia trưởng, độc đoán, chuyên quyền.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "KC3",
                "group": "KC",
                "text": "Quan liêu, xa dân, thờ ơ trước khó khăn của nhân dân.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "KC4",
                "group": "KC",
                "text": "Chạy chức, chạy quyền, chạy phiếu bầu, phiếu tín nhiệm, hoặc giúp người khác chạy.",
                "key_phrase": "chạy chức, chạy quyền",
                "verification": "found",
                "sources": [
                    "https://baonghean.vn/en/chu-dong-xin-tu-chuc-khi-khong-con-du-uy-tin-10184905.html"
                ],
            },
            {
                "code": "KC5",
                "group": "KC",
                "text": "Tham nhũng, nhận hối lộ, vụ lợi.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "KC6",
                "group": "KC",
                "text": "Lãng phí tiền bạc, tài sản, phương tiện, nhân lực, thời gian làm việc; đi công tác "
                "trong, ngoài nước không đúng thành phần, thời gian, mục đích; sống xa hoa, ăn chơi.",
                "key_phrase": "lãng phí công quỹ",
                "verification": "found",
                "sources": [
                    "https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html"
                ],
            },
            {
                "code": "KC7",
                "group": "KC",
                "text": "Để vợ, chồng, cha mẹ, con cái, người thân lợi dụng chức vụ, quyền hạn của mình.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html"
                ],
            },
            {
                "code": "KC8",
                "group": "KC",
                "text": "Sa vào tệ nạn xã hội.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
        ],
    },
    {
        "code": "QD101",
        "symbol": "101-QĐ/TW",
        "kind": "regulation",
        "issuer": "Ban Bí thư",
        "issued_on": "2012-06-07",
        "term": "XI",
        "verification": "found",
        "title": "Quy định trách nhiệm nêu gương của cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt các cấp",
        "summary": "Bảy lĩnh vực mà mọi cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt, phải nêu gương.",
        "sources": [
            "https://lawnet.vn/thong-tin-phap-luat/en/tu-van-luat/07-contents-that-cadres-and-party-members-must-set-an-example-in-vietnam-114796.html",
            "https://en.vietnamplus.vn/officials-party-members-must-raise-responsibility-for-setting-example/141374.vnp",
        ],
        "groups": [("noi_dung", "Nội dung nêu gương")],
        "items": [
            {
                "code": "ND1",
                "group": "noi_dung",
                "text": "Về tư tưởng chính trị: kiên định; đi đầu đấu tranh chống suy thoái.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "ND2",
                "group": "noi_dung",
                "text": "Về đạo đức, lối sống, tác phong: chấp hành những điều đảng viên không được làm; đi đầu "
                "chống quan liêu, tham nhũng, lãng phí.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "ND3",
                "group": "noi_dung",
                "text": "Về tự phê bình và phê bình.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "ND4",
                "group": "noi_dung",
                "text": "Về tinh thần trách nhiệm trong công tác.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "ND5",
                "group": "noi_dung",
                "text": "Về quan hệ với nhân dân.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "ND6",
                "group": "noi_dung",
                "text": "Về ý thức tổ chức kỷ luật.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
            {
                "code": "ND7",
                "group": "noi_dung",
                "text": "Về đoàn kết nội bộ.",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
        ],
    },
    {
        "code": "QD55",
        "symbol": "55-QĐ/TW",
        "kind": "regulation",
        "issuer": "Bộ Chính trị",
        "issued_on": "2016-12-19",
        "term": "XII",
        "verification": "partial",
        "title": "Quy định về một số việc cần làm ngay để tăng cường vai trò nêu gương của cán bộ, đảng viên",
        "summary": "Những việc cần làm ngay để tăng cường vai trò nêu gương; được QĐ 08 kế thừa (tên văn bản cần "
        "kiểm tra).",
        "sources": [
            "https://daihoidang.baoquangninh.vn/trach-nhiem-neu-guong-trung-uong-dia-phuong-phai-cung-chuyen-dong-2405955.html"
        ],
        "groups": [],
        "items": [],
    },
    {
        "code": "QD47",
        "symbol": "47-QĐ/TW",
        "kind": "regulation",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2011-11-01",
        "term": "XI",
        "verification": "found",
        "title": "Quy định về những điều đảng viên không được làm",
        "summary": "19 điều đảng viên không được làm; thay QĐ 115-QĐ/TW (2007); sau được thay bằng QĐ 37-QĐ/TW "
        "(khóa XIII).",
        "sources": [
            "http://old.danchimviet.info/archives/53365/nh%E1%BB%AFng-di%E1%BB%81u-d%E1%BA%A3ng-vien-khong-d%C6%B0%E1%BB%A3c-lam/2012/02/comment-page-1",
            "http://ttbd.gov.vn/Home/Default.aspx?portalid=52&tabid=108&catid=515&distid=4980",
        ],
        "groups": [("dieu_cam", "Những điều đảng viên không được làm")],
        "items": [
            {
                "code": "D1",
                "group": "dieu_cam",
                "text": "Nói, làm trái hoặc không thực hiện Cương lĩnh, Điều lệ, nghị quyết của Đảng; làm những "
                "việc pháp luật không cho phép.",
                "key_phrase": "",
                "verification": "found",
                "sources": [],
            },
            {
                "code": "D2",
                "group": "dieu_cam",
                "text": "Làm lộ, tán phát thông tin bí mật (17 điều còn lại chưa được chép lại).",
                "key_phrase": "",
                "verification": "partial",
                "sources": [],
            },
        ],
    },
    {
        "code": "QD37",
        "symbol": "37-QĐ/TW",
        "kind": "regulation",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2021-10-25",
        "term": "XIII",
        "verification": "partial",
        "title": "Quy định về những điều đảng viên không được làm",
        "summary": "Thay QĐ 47 (2011); căn cứ xử lý vi phạm. Ngày ban hành (25/10/2021) cần kiểm tra.",
        "sources": [
            "http://ttbd.gov.vn/Home/Default.aspx?portalid=52&tabid=108&catid=515&distid=4980",
            "https://nguyenphutrong.nhandan.vn/tu-khoa/DangcongsanVietNam-tag65942.html",
        ],
        "groups": [],
        "items": [],
    },
    {
        "code": "KL01",
        "symbol": "01-KL/TW",
        "kind": "conclusion",
        "issuer": "Bộ Chính trị",
        "issued_on": "2021-05-18",
        "term": "XIII",
        "verification": "found",
        "title": "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm "
        "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "summary": "Tiếp tục thực hiện Chỉ thị 05 trong nhiệm kỳ khóa XIII; việc học tập và làm theo được tổ chức "
        "theo một chuyên đề toàn khóa và một chuyên đề mỗi năm.",
        "sources": [
            "https://hodine.com/shopping/?alias=59ab0588800a2ae794c21c8673cce63d&site=product",
            "https://kinhtevadubao.vn/khoi-day-khat-vong-phat-trien-dat-nuoc-phon-vinh-hanh-phuc-17901.html",
            "https://tuyengiaotiengiang.vnpttiengiang.vn/tag/gương-mẫu",
        ],
        "groups": [
            ("nhiem_vu", "Nhiệm vụ"),
            ("chuyen_de_toan_khoa", "Chuyên đề toàn khóa"),
            ("chuyen_de_nam", "Chuyên đề năm"),
        ],
        "items": [
            {
                "code": "NV0",
                "group": "nhiem_vu",
                "text": "(cần kiểm tra) Danh mục nhiệm vụ chủ yếu của Kết luận chưa tìm thấy trong nguồn đọc "
                "được; chỉ xác nhận vai trò: tiếp tục thực hiện Chỉ thị 05 trong nhiệm kỳ khóa XIII, "
                "triển khai tại hội nghị toàn quốc của Ban Bí thư ngày 12/06/2021 cùng sơ kết 5 năm Chỉ "
                "thị 05.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [
                    "https://kinhtevadubao.vn/khoi-day-khat-vong-phat-trien-dat-nuoc-phon-vinh-hanh-phuc-17901.html",
                    "https://nhandan.vn/tag/bi%e1%bb%83u+d%c6%b0%c6%a1ng+133+t%e1%ba%adp+th%e1%bb%83+c%c3%a1+nh%c3%a2n.html",
                ],
            },
            {
                "code": "CD-TK",
                "group": "chuyen_de_toan_khoa",
                "text": "Chuyên đề toàn khóa XIII: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
                "Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc.",
                "key_phrase": "ý chí tự lực, tự cường",
                "verification": "found",
                "sources": [
                    "https://kinhtevadubao.vn/khoi-day-khat-vong-phat-trien-dat-nuoc-phon-vinh-hanh-phuc-17901.html",
                    "https://congdoanvienchucvn.org.vn/hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh-ve-y-chi-tu-luc-tu-cuong-va-khat-vong-phat-trien-dat-nuoc-phon-vinh-hanh-phuc.html",
                ],
            },
            {
                "code": "CD-2021",
                "group": "chuyen_de_nam",
                "text": "Chuyên đề năm 2021: chính chuyên đề toàn khóa (ý chí tự lực, tự cường và khát vọng "
                "phát triển đất nước phồn vinh, hạnh phúc), giới thiệu tại hội nghị toàn quốc ngày "
                "12/06/2021.",
                "key_phrase": "khát vọng phát triển đất nước",
                "verification": "found",
                "sources": [
                    "https://kinhtevadubao.vn/khoi-day-khat-vong-phat-trien-dat-nuoc-phon-vinh-hanh-phuc-17901.html",
                    "https://baohagiang.vn/thoi-su-chinh-tri/202106/nghien-cuu-hoc-tap-chuyen-de-toan-khoa-ve-hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh-777309",
                ],
            },
            {
                "code": "CD-2022",
                "group": "chuyen_de_nam",
                "text": "Chuyên đề năm 2022: học tập và làm theo Bác về xây dựng đội ngũ cán bộ, đảng viên thật "
                "sự tiên phong, gương mẫu, có đạo đức cách mạng trong sáng, bản lĩnh chính trị vững "
                "vàng, đủ năng lực đáp ứng yêu cầu nhiệm vụ.",
                "key_phrase": "thật sự tiên phong, gương mẫu",
                "verification": "found",
                "sources": ["https://tuyengiaotiengiang.vnpttiengiang.vn/tag/gương-mẫu"],
            },
            {
                "code": "CD-2023",
                "group": "chuyen_de_nam",
                "text": "(cần kiểm tra) Chuyên đề năm 2023: chưa tìm thấy trong nguồn nào.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
            {
                "code": "CD-2024",
                "group": "chuyen_de_nam",
                "text": "(cần kiểm tra) Chuyên đề năm 2024: chưa tìm thấy trong nguồn nào.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
            {
                "code": "CD-2025",
                "group": "chuyen_de_nam",
                "text": "(cần kiểm tra) Chuyên đề năm 2025: chưa tìm thấy trong nguồn nào.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
        ],
    },
    {
        "code": "KL21",
        "symbol": "21-KL/TW",
        "kind": "conclusion",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2021-10-25",
        "term": "XIII",
        "verification": "found",
        "title": "Kết luận về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy "
        "lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu "
        'hiện "tự diễn biến", "tự chuyển hóa"',
        "summary": "Kết luận Hội nghị Trung ương 4 khóa XIII: giữ bốn nhóm giải pháp của NQ TƯ4 khóa XII và bổ "
        "sung nhóm thứ năm về xây dựng đội ngũ cán bộ (cấp chiến lược, người đứng đầu) gắn với tinh gọn "
        "bộ máy. Số, ngày và tên được xác nhận qua phần căn cứ của QĐ 144-QĐ/TW.",
        "sources": [
            "https://vietbao.vn/thi-diem-giao-quyen-cho-nguoi-dung-dau-bo-nhiem-can-bo-mien-nhiem-cap-duoi-301194.html",
            "https://qltt.vn/quy-dinh-so-144-qdtw-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-100977.html",
        ],
        "groups": [("GP", "Nhóm nhiệm vụ, giải pháp")],
        "items": [
            {
                "code": "GP1-4",
                "group": "GP",
                "text": "Tiếp tục thực hiện bốn nhóm giải pháp của Nghị quyết 04-NQ/TW với biện pháp mạnh hơn.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://vietbao.vn/thi-diem-giao-quyen-cho-nguoi-dung-dau-bo-nhiem-can-bo-mien-nhiem-cap-duoi-301194.html"
                ],
            },
            {
                "code": "GP5",
                "group": "GP",
                "text": "Xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược và người đứng đầu, gắn với "
                "tinh gọn bộ máy hệ thống chính trị.",
                "key_phrase": "",
                "verification": "found",
                "sources": [
                    "https://vietbao.vn/thi-diem-giao-quyen-cho-nguoi-dung-dau-bo-nhiem-can-bo-mien-nhiem-cap-duoi-301194.html"
                ],
            },
        ],
    },
    {
        "code": "QD144",
        "symbol": "144-QĐ/TW",
        "kind": "regulation",
        "issuer": "Bộ Chính trị",
        "issued_on": "2024-05-09",
        "term": "XIII",
        "verification": "found",
        "title": "Quy định chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        "summary": "Năm chuẩn mực đạo đức cách mạng (6 điều, 21 ý) cho mọi cán bộ, đảng viên, có hiệu lực từ ngày "
        "ký, phổ biến đến chi bộ; là thước đo đánh giá phẩm chất, hành vi của đảng viên. Căn cứ Kết "
        "luận 21-KL/TW.",
        "sources": [
            "https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722",
            "https://qltt.vn/quy-dinh-so-144-qdtw-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-100977.html",
            "https://congan.ninhbinh.gov.vn/mot-so-noi-dung-trong-tam-trong-quy-dinh-so-144-cua-bo-chinh-tri-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-trong-giai-doan-moi",
            "https://beta.thuvienphapluat.vn/phap-luat/quy-dinh-144qdtw-2024-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-nhu-the-nao-153779.html",
        ],
        "groups": [("CM", "Chuẩn mực (Điều 1-5)")],
        "items": [
            {
                "code": "CM1",
                "group": "CM",
                "text": "Yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, với Tổ quốc: suốt đời "
                "phấn đấu vì lý tưởng của Đảng, phục vụ Nhân dân, gần dân, chăm lo đời sống Nhân dân.",
                "key_phrase": "yêu nước, tôn trọng Nhân dân",
                "verification": "found",
                "sources": [
                    "https://qltt.vn/quy-dinh-so-144-qdtw-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-100977.html",
                    "https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722",
                ],
            },
            {
                "code": "CM2",
                "group": "CM",
                "text": "Có bản lĩnh chính trị, đổi mới, sáng tạo, chủ động hội nhập quốc tế.",
                "key_phrase": "bản lĩnh, đổi mới, sáng tạo",
                "verification": "found",
                "sources": [
                    "https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722",
                    "https://congan.ninhbinh.gov.vn/mot-so-noi-dung-trong-tam-trong-quy-dinh-so-144-cua-bo-chinh-tri-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-trong-giai-doan-moi",
                ],
            },
            {
                "code": "CM3",
                "group": "CM",
                "text": "Cần, kiệm, liêm, chính, chí công vô tư.",
                "key_phrase": "cần, kiệm, liêm, chính",
                "verification": "found",
                "sources": [
                    "https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722",
                    "https://beta.thuvienphapluat.vn/phap-luat/quy-dinh-144qdtw-2024-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-nhu-the-nao-153779.html",
                ],
            },
            {
                "code": "CM4",
                "group": "CM",
                "text": "Đoàn kết, kỷ cương; tình thương đồng chí, tinh thần trách nhiệm.",
                "key_phrase": "đoàn kết, kỷ cương, tình thương",
                "verification": "found",
                "sources": [
                    "https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722",
                    "https://congan.ninhbinh.gov.vn/mot-so-noi-dung-trong-tam-trong-quy-dinh-so-144-cua-bo-chinh-tri-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-trong-giai-doan-moi",
                ],
            },
            {
                "code": "CM5",
                "group": "CM",
                "text": "Gương mẫu, khiêm tốn, không ngừng tu dưỡng, rèn luyện, học tập suốt đời.",
                "key_phrase": "gương mẫu, khiêm tốn, tu dưỡng",
                "verification": "found",
                "sources": [
                    "https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722",
                    "https://beta.thuvienphapluat.vn/phap-luat/quy-dinh-144qdtw-2024-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-nhu-the-nao-153779.html",
                ],
            },
        ],
    },
    {
        "code": "CT50",
        "symbol": "50-CT/TW",
        "kind": "instruction",
        "issuer": "Ban Bí thư",
        "issued_on": "2025-07-23",
        "term": "XIII",
        "verification": "found",
        "title": "Chỉ thị về tiếp tục đổi mới và nâng cao chất lượng sinh hoạt chi bộ trong giai đoạn mới",
        "summary": "Chỉ thị hiện hành về chất lượng sinh hoạt chi bộ, được hướng dẫn bởi HD 42-HD/BTCTW "
        "(28/10/2025). Các mục CT50-* thuộc Chỉ thị, HD42-* thuộc Hướng dẫn.",
        "sources": [
            "https://baophutho.vn/nhung-noi-dung-quan-trong-theo-yeu-cau-cua-ban-bi-thu-ve-nang-cao-chat-luong-sinh-hoat-chi-bo-trong-giai-doan-moi-237316.htm",
            "https://nld.com.vn/tiep-tuc-nang-cao-chat-luong-sinh-hoat-chi-bo-196251130215644743.htm",
            "https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html",
            "https://vneconomy.vn/hoi-nghi-trung-uong-12-va-quan-triet-trien-khai-chi-thi-so-50-cttw.htm",
        ],
        "groups": [("chi_thi", "Chỉ thị 50-CT/TW"), ("huong_dan_42", "Hướng dẫn 42-HD/BTCTW")],
        "items": [
            {
                "code": "CT50-1",
                "group": "chi_thi",
                "text": "Các chi bộ trong toàn Đảng sinh hoạt thường kỳ thống nhất vào ngày 3 hằng tháng.",
                "key_phrase": "ngày 3 hằng tháng",
                "verification": "found",
                "sources": [
                    "https://baophutho.vn/nhung-noi-dung-quan-trong-theo-yeu-cau-cua-ban-bi-thu-ve-nang-cao-chat-luong-sinh-hoat-chi-bo-trong-giai-doan-moi-237316.htm"
                ],
            },
            {
                "code": "CT50-2",
                "group": "chi_thi",
                "text": "Đổi mới căn bản, toàn diện nội dung, hình thức sinh hoạt cho thiết thực, phù hợp từng "
                "loại hình chi bộ, nhất là vùng sâu, vùng xa, biên giới, hải đảo, vùng đồng bào có đạo, "
                "doanh nghiệp tư nhân, doanh nghiệp có vốn đầu tư nước ngoài.",
                "key_phrase": "đổi mới căn bản, toàn diện",
                "verification": "found",
                "sources": [
                    "https://baophutho.vn/nhung-noi-dung-quan-trong-theo-yeu-cau-cua-ban-bi-thu-ve-nang-cao-chat-luong-sinh-hoat-chi-bo-trong-giai-doan-moi-237316.htm"
                ],
            },
            {
                "code": "HD42-1",
                "group": "huong_dan_42",
                "text": "Cấp ủy, tổ chức đảng và đảng viên xác định sinh hoạt chi bộ là cuộc họp quan trọng "
                "nhất; bảo đảm nguyên tắc tập trung dân chủ, tự phê bình và phê bình, kỷ luật trong "
                "sinh hoạt.",
                "key_phrase": "cuộc họp quan trọng nhất",
                "verification": "found",
                "sources": [
                    "https://nld.com.vn/tiep-tuc-nang-cao-chat-luong-sinh-hoat-chi-bo-196251130215644743.htm"
                ],
            },
            {
                "code": "HD42-2",
                "group": "huong_dan_42",
                "text": "Thời lượng sinh hoạt tối thiểu 90 phút; tối thiểu 120 phút khi kết hợp sinh hoạt "
                "thường kỳ với sinh hoạt chuyên đề; chi bộ ít đảng viên do cấp ủy có thẩm quyền quyết "
                "định.",
                "key_phrase": "tối thiểu 90 phút",
                "verification": "found",
                "sources": [
                    "https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html"
                ],
            },
            {
                "code": "HD42-3",
                "group": "huong_dan_42",
                "text": "Chuẩn bị: bí thư phân công phó bí thư hoặc chi ủy viên dự thảo nội dung (và nghị "
                "quyết); chi ủy (nơi không có chi ủy thì bí thư, phó bí thư) họp thống nhất, đánh giá "
                "tháng trước, đề ra nhiệm vụ tháng sau; thông báo thời gian, địa điểm, nội dung cho "
                "đảng viên và cấp ủy cấp trên theo dõi chi bộ.",
                "key_phrase": "chi ủy họp thống nhất",
                "verification": "found",
                "sources": [
                    "https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html"
                ],
            },
            {
                "code": "HD42-4",
                "group": "huong_dan_42",
                "text": "Tài liệu sinh hoạt được đăng trên ứng dụng Sổ tay đảng viên điện tử trước ít nhất một "
                "ngày.",
                "key_phrase": "Sổ tay đảng viên điện tử",
                "verification": "found",
                "sources": [
                    "https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html",
                    "https://www.vietnamplus.vn/doi-moi-sinh-hoat-chi-bo-trong-giai-doan-moi-post1061431.vnp",
                ],
            },
        ],
    },
    {
        "code": "QD232",
        "symbol": "232-QĐ/TW",
        "kind": "regulation",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2025-01-20",
        "term": "XIII",
        "verification": "partial",
        "title": "Quy định thi hành Điều lệ Đảng",
        "summary": "Thi hành Điều lệ Đảng, có hiệu lực từ ngày ký; bãi bỏ các quy định trước trái với Quy định này "
        "(kế tiếp QĐ 24-QĐ/TW năm 2021). Các điều về chế độ sinh hoạt chưa đọc được.",
        "sources": ["https://www.vietnam.vn/en/nhung-diem-moi-trong-quy-dinh-thi-hanh-dieu-le-dang"],
        "groups": [("thi_hanh", "Nội dung thi hành")],
        "items": [
            {
                "code": "TH1",
                "group": "thi_hanh",
                "text": "Vấn đề tiêu chuẩn chính trị của người vào Đảng thực hiện theo quy định của Bộ Chính "
                'trị (bỏ cách diễn đạt cũ về "lịch sử chính trị").',
                "key_phrase": "",
                "verification": "found",
                "sources": ["https://www.vietnam.vn/en/nhung-diem-moi-trong-quy-dinh-thi-hanh-dieu-le-dang"],
            },
            {
                "code": "TH2",
                "group": "thi_hanh",
                "text": "Không kết nạp lại người trước đây ra khỏi Đảng do bỏ sinh hoạt, xin ra Đảng (trừ "
                "trường hợp gia đình đặc biệt khó khăn), gây mất đoàn kết nghiêm trọng, hoặc bị kết án "
                "về tham nhũng, tội nghiêm trọng.",
                "key_phrase": "",
                "verification": "found",
                "sources": ["https://www.vietnam.vn/en/nhung-diem-moi-trong-quy-dinh-thi-hanh-dieu-le-dang"],
            },
            {
                "code": "TH3",
                "group": "thi_hanh",
                "text": "(cần kiểm tra) Chế độ sinh hoạt của chi bộ, tổ chức cơ sở đảng theo QĐ 232: chưa đọc "
                "được; thực tế các tỉnh quy định sinh hoạt thường kỳ hằng tháng, chuyên đề hằng quý.",
                "key_phrase": "",
                "verification": "uncertain",
                "sources": [],
            },
        ],
    },
    {
        "code": "CT51",
        "symbol": "51-CT/TW",
        "kind": "instruction",
        "issuer": "Ban Bí thư",
        "issued_on": "2025-08-08",
        "term": "XIII",
        "verification": "found",
        "title": "Chỉ thị về đổi Thẻ đảng viên",
        "summary": "Đổi thẻ đảng viên trong toàn Đảng (lần trước theo CT 29-CT/TW năm 2003), gắn với kỷ niệm 80 "
        "năm Quốc khánh và Đại hội XIV.",
        "sources": [
            "https://nld.com.vn/ban-bi-thu-ban-hanh-chi-thi-moi-ve-doi-the-dang-vien-196250813163221309.htm",
            "https://vnexpress.net/tat-ca-dang-vien-doi-the-dang-truoc-2-9-4926542.html",
            "https://thanhnien.vn/doi-the-dang-vien-trong-toan-dang-hoan-thanh-truoc-29-185250813171217493.htm",
        ],
        "groups": [("noi_dung", "Nội dung")],
        "items": [
            {
                "code": "DT1",
                "group": "noi_dung",
                "text": "Đổi thẻ đảng viên trong toàn Đảng, chỉ cho đảng viên chính thức đã được phát thẻ; hoàn "
                "thành trước ngày 02/09/2025.",
                "key_phrase": "đổi thẻ đảng viên",
                "verification": "found",
                "sources": [
                    "https://vnexpress.net/tat-ca-dang-vien-doi-the-dang-truoc-2-9-4926542.html",
                    "https://thanhnien.vn/doi-the-dang-vien-trong-toan-dang-hoan-thanh-truoc-29-185250813171217493.htm",
                ],
            },
            {
                "code": "DT2",
                "group": "noi_dung",
                "text": "Ứng dụng công nghệ thông tin, đồng bộ với cơ sở dữ liệu đảng viên; Văn phòng Trung "
                "ương kết nối dữ liệu thẻ đảng viên điện tử với cơ sở dữ liệu để thực hiện một số thủ "
                "tục trực tuyến.",
                "key_phrase": "thẻ đảng viên điện tử",
                "verification": "found",
                "sources": ["https://vnexpress.net/tat-ca-dang-vien-doi-the-dang-truoc-2-9-4926542.html"],
            },
        ],
    },
]

# (source, relation, target); a target the product does not ship (24-QĐ/TW) is skipped.
LINKS = [
    ("01-KL/TW", "continues", "05-CT/TW"),
    ("21-KL/TW", "continues", "04-NQ/TW"),
    ("37-QĐ/TW", "replaces", "47-QĐ/TW"),
    ("232-QĐ/TW", "replaces", "24-QĐ/TW"),
]

# The 0002 seed's TTCT-7 ("thờ ơ, vô cảm") is DDLS-5 in the revision; TTCT-7 now means something
# else. Records that linked the old TTCT-7 are moved to DDLS-5 when TTCT-7 still has the 0002 text.
MOVED = [("NQTW4-XII", "TTCT-7", "Thờ ơ, vô cảm trước khó khăn, bức xúc chính đáng của nhân dân.", "DDLS-5")]


def _repoint(apps, old, new):
    """Move every reference to item `old` onto item `new` (many-to-many links and foreign keys of any
    app, found through the model's relations so this app imports none of them)."""
    DirectiveItem = apps.get_model("directives", "DirectiveItem")
    # Hidden relations too (related_name="+": the pledges, contacts and meeting topics use it).
    for rel in DirectiveItem._meta._get_fields(forward=False, reverse=True, include_hidden=True):
        model = rel.related_model
        # Not this app, not the many-to-many tables themselves (handled with their field), not history.
        if model._meta.app_label == "directives" or model._meta.auto_created or model.__name__.startswith("Historical"):
            continue
        if rel.many_to_many:
            through = rel.through
            src = next(
                f.name
                for f in through._meta.fields
                if f.is_relation
                and f.related_model is not DirectiveItem
                and f.related_model is rel.related_model
            )
            dst = next(
                f.name for f in through._meta.fields if f.is_relation and f.related_model is DirectiveItem
            )
            owners = set(through.objects.filter(**{dst: old}).values_list(f"{src}_id", flat=True))
            have = set(
                through.objects.filter(**{dst: new, f"{src}_id__in": owners}).values_list(
                    f"{src}_id", flat=True
                )
            )
            through.objects.bulk_create([through(**{f"{src}_id": o, dst: new}) for o in owners - have])
            through.objects.filter(**{dst: old}).delete()
        elif rel.one_to_many or rel.one_to_one:
            rel.related_model._base_manager.filter(**{rel.field.name: old}).update(**{rel.field.name: new})


def _baseline_history(apps):
    """A first history row for each item that has none: the text as shipped, so that the history of
    a text replaced later shows what it replaced."""
    from django.utils import timezone

    DirectiveItem = apps.get_model("directives", "DirectiveItem")
    Historical = apps.get_model("directives", "HistoricalDirectiveItem")
    done = set(Historical.objects.values_list("id", flat=True).distinct())
    now = timezone.now()
    names = [f.attname for f in Historical._meta.fields if not f.name.startswith("history_")]
    Historical.objects.bulk_create(
        [
            Historical(
                **{name: getattr(item, name) for name in names},
                history_date=now,
                history_type="+",
                history_change_reason="Shipped paraphrase (research of 2026)",
            )
            for item in DirectiveItem.objects.exclude(pk__in=done)
        ]
    )


def seed(apps, schema_editor):
    import unicodedata

    from common.text import fold

    Directive = apps.get_model("directives", "Directive")
    ItemGroup = apps.get_model("directives", "ItemGroup")
    DirectiveItem = apps.get_model("directives", "DirectiveItem")
    DirectiveLink = apps.get_model("directives", "DirectiveLink")

    def nfc(text):
        return unicodedata.normalize("NFC", text)

    moved = {}
    for dcode, code, old_text, new_code in MOVED:
        item = DirectiveItem.objects.filter(
            directive__code=dcode.lower(), code=code, text=nfc(old_text)
        ).first()
        if item:
            moved[(dcode, new_code)] = item

    by_symbol = {}
    for data in DIRECTIVES:
        directive, _ = Directive.objects.update_or_create(
            symbol=nfc(data["symbol"]),
            defaults={
                "code": data["code"].lower(),
                "kind": data["kind"],
                "issuer": nfc(data["issuer"]),
                "issued_on": data["issued_on"],
                "term": data["term"],
                "title": nfc(data["title"]),
                "summary": nfc(data["summary"]),
                "verification": data["verification"],
                "sources": "\n".join(data["sources"]),
                "search_text": fold(f"{data['symbol']} {data['title']} {data['issuer']}"),
            },
        )
        by_symbol[directive.symbol] = directive
        groups = {}
        for order, (code, name) in enumerate(data["groups"], start=1):
            groups[code], _ = ItemGroup.objects.update_or_create(
                directive=directive, code=code, defaults={"name": nfc(name), "order": order}
            )
        for order, entry in enumerate(data["items"], start=1):
            fields = {
                "group": groups.get(entry["group"]),
                "order": order,
                "key_phrase": nfc(entry["key_phrase"]),
                "sources": "\n".join(entry["sources"]),
            }
            item = DirectiveItem.objects.filter(directive=directive, code=entry["code"]).first()
            if item is None or item.verification != "confirmed":  # the office's official text stays
                fields.update(
                    text=nfc(entry["text"]),
                    verification=entry["verification"],
                    search_text=fold(f"{entry['code']} {entry['text']}"),
                )
            item, _ = DirectiveItem.objects.update_or_create(
                directive=directive, code=entry["code"], defaults=fields
            )
            old = moved.get((data["code"], entry["code"]))
            if old is not None and old.pk != item.pk:
                _repoint(apps, old, item)
    _baseline_history(apps)
    for source, kind, target in LINKS:
        if nfc(source) in by_symbol and nfc(target) in by_symbol:
            DirectiveLink.objects.get_or_create(
                source=by_symbol[nfc(source)], target=by_symbol[nfc(target)], kind=kind
            )


class Migration(migrations.Migration):
    dependencies = [("directives", "0003_texts_item_key_phrase_history")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
