from django.db import migrations

# The mission's directives and the documents around them, as shipped with the product.
# Item texts are short Vietnamese paraphrases, not official wording; each keeps the verification
# status of the research it came from. The office corrects and confirms them in the admin.
DIRECTIVES = [
    {
        "code": "NQTW4-XI", "symbol": "12-NQ/TW", "kind": "resolution", "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2012-01-16", "term": "XI", "verification": "found",
        "title": "Nghị quyết Hội nghị lần thứ 4 Ban Chấp hành Trung ương Đảng khóa XI: Một số vấn đề cấp bách về xây dựng Đảng hiện nay",
        "summary": "Nêu ba vấn đề cấp bách về xây dựng Đảng (suy thoái của một bộ phận cán bộ, đảng viên; đội ngũ cán bộ lãnh đạo, quản lý; trách nhiệm người đứng đầu) và bốn nhóm giải pháp, cấp trên gương mẫu trước.",
        "sources": ["https://baodaknong.vn/print/78787.html", "https://xaydungdang.org.vn/su-viec-y-kien/thuc-hien-phe-binh-chat-van-4598", "http://banthiduakhenthuongtw.gov.vn/noi-dung/894/Su-guong-mau-cua-cap-tren"],
        "groups": [("van_de_cap_bach", "Vấn đề cấp bách"), ("nhom_giai_phap", "Nhóm giải pháp")],
        "items": [
            ("VD1", "van_de_cap_bach", "Kiên quyết đấu tranh ngăn chặn, đẩy lùi tình trạng suy thoái về tư tưởng chính trị, đạo đức, lối sống của một bộ phận không nhỏ cán bộ, đảng viên, trước hết là cán bộ lãnh đạo, quản lý.", "found"),
            ("VD2", "van_de_cap_bach", "Xây dựng đội ngũ cán bộ lãnh đạo, quản lý các cấp, nhất là cấp Trung ương.", "found"),
            ("VD3", "van_de_cap_bach", "Xác định rõ thẩm quyền, trách nhiệm của người đứng đầu cấp ủy, chính quyền trong mối quan hệ với tập thể cấp ủy, cơ quan, đơn vị.", "found"),
            ("GP1", "nhom_giai_phap", "Tự phê bình và phê bình; nêu gương của cấp trên (trước hết là Bộ Chính trị, Ban Bí thư, Ban Chấp hành Trung ương).", "found"),
            ("GP2", "nhom_giai_phap", "Công tác tổ chức, cán bộ và sinh hoạt đảng.", "found"),
            ("GP3", "nhom_giai_phap", "Cơ chế, chính sách.", "found"),
            ("GP4", "nhom_giai_phap", "Giáo dục chính trị, tư tưởng.", "found"),
        ],
    },
    {
        "code": "NQTW4-XII", "symbol": "04-NQ/TW", "kind": "resolution", "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2016-10-30", "term": "XII", "verification": "found",
        "title": "Nghị quyết Hội nghị lần thứ 4 Ban Chấp hành Trung ương Đảng khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện \"tự diễn biến\", \"tự chuyển hóa\" trong nội bộ",
        "summary": "Chỉ ra 27 biểu hiện suy thoái trong ba nhóm, mỗi nhóm chín biểu hiện, và bốn nhóm nhiệm vụ, giải pháp; là tấm gương để cán bộ, đảng viên tự soi, tự sửa trong kiểm điểm.",
        "sources": ["https://plo.vn/thoi-su/chinh-tri/tphcm-thong-bao-nhanh-ket-qua-hoi-nghi-trung-uong-4-659206.html", "https://lib.hutech.edu.vn/chi-tiet?id=487937", "https://www.antv.gov.vn/print.aspx?id=198484"],
        "groups": [("TTCT", "Suy thoái về tư tưởng chính trị"), ("DDLS", "Suy thoái về đạo đức, lối sống"), ("TDB", "Biểu hiện \"tự diễn biến\", \"tự chuyển hóa\""), ("GP", "Nhóm nhiệm vụ, giải pháp")],
        "items": [
            ("TTCT-1", "TTCT", "Phai nhạt lý tưởng cách mạng; dao động, giảm sút niềm tin vào mục tiêu độc lập dân tộc và chủ nghĩa xã hội; hoài nghi chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh.", "found"),
            ("TTCT-2", "TTCT", "Xa rời mục tiêu, lý tưởng của Đảng, không kiên định con đường xã hội chủ nghĩa; phụ họa theo những nhận thức lệch lạc, quan điểm sai trái.", "found"),
            ("TTCT-3", "TTCT", "Nhận thức sai lệch về vị trí, vai trò của lý luận chính trị; lười học tập chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh, nghị quyết, chỉ thị của Đảng, chính sách, pháp luật của Nhà nước.", "found"),
            ("TTCT-4", "TTCT", "Không chấp hành nghiêm các nguyên tắc tổ chức của Đảng; ý chí phấn đấu giảm sút; không gương mẫu trong công tác.", "partial"),
            ("TTCT-5", "TTCT", "Trong tự phê bình và phê bình thì dĩ hòa vi quý, né tránh, không dám đấu tranh bảo vệ cái đúng, chống cái sai; lợi dụng phê bình để nịnh bợ, lấy lòng hoặc vu khống, bôi nhọ.", "partial"),
            ("TTCT-6", "TTCT", "(cần kiểm tra) Nói không đi đôi với làm; thiếu trách nhiệm với công việc được giao.", "uncertain"),
            ("TTCT-7", "TTCT", "(cần kiểm tra) Thờ ơ, vô cảm trước khó khăn, bức xúc chính đáng của nhân dân.", "uncertain"),
            ("TTCT-8", "TTCT", "(cần kiểm tra) Tham vọng quyền lực, không chấp hành sự phân công, chọn nơi, chọn vị trí công tác.", "uncertain"),
            ("TTCT-9", "TTCT", "(cần kiểm tra) Cục bộ, bè phái, gây mất đoàn kết nội bộ.", "uncertain"),
            ("DDLS-1", "DDLS", "(cần kiểm tra) Chủ nghĩa cá nhân: ích kỷ, cơ hội, thực dụng, vụ lợi.", "uncertain"),
            ("DDLS-2", "DDLS", "(cần kiểm tra) Thiếu trung thực, không giữ chữ tín, nói một đằng làm một nẻo.", "uncertain"),
            ("DDLS-3", "DDLS", "(cần kiểm tra) Độc đoán, chuyên quyền, quan liêu, xa dân.", "uncertain"),
            ("DDLS-4", "DDLS", "(cần kiểm tra) Tham nhũng, nhận hối lộ, lợi dụng chức vụ mưu lợi cho bản thân và người thân.", "uncertain"),
            ("DDLS-5", "DDLS", "(cần kiểm tra) Chạy chức, chạy quyền, chạy phiếu bầu, chạy danh hiệu, bằng cấp; can thiệp vào công tác cán bộ.", "uncertain"),
            ("DDLS-6", "DDLS", "(cần kiểm tra) Lợi ích nhóm; móc nối với doanh nghiệp để trục lợi.", "uncertain"),
            ("DDLS-7", "DDLS", "(cần kiểm tra) Lãng phí tài sản, tiền của nhà nước; sống xa hoa, phô trương.", "uncertain"),
            ("DDLS-8", "DDLS", "(cần kiểm tra) Để vợ, chồng, con, người thân lợi dụng chức vụ, quyền hạn của mình để trục lợi.", "uncertain"),
            ("DDLS-9", "DDLS", "(cần kiểm tra) Sa vào tệ nạn xã hội (cờ bạc, ma túy, mê tín dị đoan, quan hệ bất chính).", "uncertain"),
            ("TDB-1", "TDB", "(cần kiểm tra) Phủ nhận chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh, nguyên tắc xây dựng Đảng.", "uncertain"),
            ("TDB-2", "TDB", "(cần kiểm tra) Đòi thực hiện đa nguyên chính trị, đa đảng đối lập.", "uncertain"),
            ("TDB-3", "TDB", "(cần kiểm tra) Phụ họa theo các quan điểm \"tam quyền phân lập\", \"xã hội dân sự\" trái với đường lối của Đảng.", "uncertain"),
            ("TDB-4", "TDB", "(cần kiểm tra) Đòi \"phi chính trị hóa\" quân đội và công an.", "uncertain"),
            ("TDB-5", "TDB", "(cần kiểm tra) Xuyên tạc lịch sử, bôi nhọ lãnh tụ, anh hùng dân tộc.", "uncertain"),
            ("TDB-6", "TDB", "(cần kiểm tra) Nói, viết trái quan điểm, đường lối của Đảng; làm lộ, tán phát thông tin bí mật.", "uncertain"),
            ("TDB-7", "TDB", "(cần kiểm tra) Cấu kết với các thế lực thù địch, phản động.", "uncertain"),
            ("TDB-8", "TDB", "(cần kiểm tra) Kích động tư tưởng bất mãn; lợi dụng vấn đề dân tộc, tôn giáo, dân chủ, nhân quyền.", "uncertain"),
            ("TDB-9", "TDB", "(cần kiểm tra) Sùng bái, tuyên truyền các mô hình, giá trị chính trị nước ngoài trái với chế độ.", "uncertain"),
            ("GP1", "GP", "Về công tác chính trị, tư tưởng, tự phê bình và phê bình.", "found"),
            ("GP2", "GP", "Về cơ chế, chính sách.", "found"),
            ("GP3", "GP", "Về kiểm tra, giám sát, kỷ luật đảng.", "found"),
            ("GP4", "GP", "Phát huy vai trò của nhân dân, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội.", "found"),
        ],
    },
    {
        "code": "CT05", "symbol": "05-CT/TW", "kind": "instruction", "issuer": "Bộ Chính trị",
        "issued_on": "2016-05-15", "term": "XII", "verification": "found",
        "title": "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "summary": "Mở rộng các cuộc vận động trước (CT 06/2006, CT 03/2011) sang học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh; học tập thường xuyên, đa dạng; kết quả là tiêu chí đánh giá hằng năm; mỗi người đăng ký việc làm cụ thể.",
        "sources": ["http://ict-binhphuoc.gov.vn/tin-tuc/sang-mai-tu-tuong-dao-duc-phong-cach-ho-chi-minh.html", "https://nld.com.vn/cong-doan/day-manh-hoc-tap-lam-theo-bac-ho-20161202213605312.htm"],
        "groups": [("noi_dung", "Nội dung"), ("nhiem_vu", "Nhiệm vụ")],
        "items": [
            ("ND1", "noi_dung", "Học tập tư tưởng Hồ Chí Minh.", "found"),
            ("ND2", "noi_dung", "Học tập và làm theo đạo đức Hồ Chí Minh.", "found"),
            ("ND3", "noi_dung", "Học tập và làm theo phong cách Hồ Chí Minh (phong cách tư duy, làm việc, ứng xử, sinh hoạt).", "partial"),
            ("NV1", "nhiem_vu", "Tổ chức học tập, tuyên truyền các nội dung thường xuyên, đa dạng.", "found"),
            ("NV2", "nhiem_vu", "Lấy kết quả học tập và làm theo làm tiêu chí đánh giá, xếp loại đảng viên và tổ chức đảng hằng năm.", "found"),
            ("NV3", "nhiem_vu", "Gắn việc học tập với các cuộc vận động và phong trào thi đua của cơ quan, đơn vị.", "found"),
            ("NV4", "nhiem_vu", "Mỗi cán bộ, đảng viên xây dựng kế hoạch hằng năm và đăng ký 1-2 việc làm cụ thể; người đứng đầu nêu gương.", "partial"),
            ("NV5", "nhiem_vu", "Đưa câu chuyện, tấm gương vào sinh hoạt chi bộ và sinh hoạt đoàn thể hằng tháng.", "partial"),
        ],
    },
    {
        "code": "QD08", "symbol": "08-QĐi/TW", "kind": "regulation", "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2018-10-25", "term": "XII", "verification": "found",
        "title": "Quy định trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
        "summary": "16 nội dung: 8 điều gương mẫu đi đầu thực hiện (Điều 2) và 8 điều nghiêm khắc với bản thân, kiên quyết chống (Điều 3); chức vụ càng cao càng phải gương mẫu; kế thừa QĐ 101/2012 và QĐ 55/2016.",
        "sources": ["https://kienthuc.net.vn/xa-hoi/quy-dinh-trach-nhiem-neu-guong-cua-can-bo-dang-vien-1169970.html", "https://baotintuc.vn/goc-nhin/bon-phan-cua-nguoi-neu-guong-20181107151139380.htm"],
        "groups": [("GM", "Gương mẫu đi đầu thực hiện (Điều 2)"), ("KC", "Nghiêm khắc với bản thân và kiên quyết chống (Điều 3)")],
        "items": [
            ("GM1", "GM", "Tuyệt đối trung thành với Tổ quốc, với nhân dân, với Đảng; kiên định chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh và đường lối của Đảng.", "partial"),
            ("GM2", "GM", "Đặt lợi ích quốc gia - dân tộc, lợi ích chung lên trên lợi ích cá nhân.", "uncertain"),
            ("GM3", "GM", "Nhận và hoàn thành nhiệm vụ được giao; lấy kết quả thực hiện nhiệm vụ làm thước đo.", "partial"),
            ("GM4", "GM", "Nghiêm túc tự phê bình và phê bình; bảo vệ cái đúng, đấu tranh với cái sai; nhận lỗi; chủ động từ chức khi không còn đủ uy tín.", "found"),
            ("GM5", "GM", "Chấp hành nghiêm nguyên tắc tập trung dân chủ và kỷ luật, kỷ cương.", "uncertain"),
            ("GM6", "GM", "Công tâm, khách quan, trung thực, nhất là trong công tác cán bộ.", "uncertain"),
            ("GM7", "GM", "Không ngừng học tập, tu dưỡng đạo đức cách mạng; mẫu mực về đạo đức, lối sống; cần, kiệm, liêm, chính, chí công vô tư, giản dị.", "found"),
            ("GM8", "GM", "Gần gũi nhân dân; tôn trọng và phục vụ nhân dân.", "uncertain"),
            ("KC1", "KC", "Chủ nghĩa cá nhân, cục bộ; núp bóng tập thể; nói không đi đôi với làm.", "found"),
            ("KC2", "KC", "Tác phong gia trưởng, độc đoán, chuyên quyền.", "partial"),
            ("KC3", "KC", "Quan liêu, xa dân, thờ ơ trước khó khăn của nhân dân.", "partial"),
            ("KC4", "KC", "Chạy chức, chạy quyền, chạy phiếu bầu, hoặc giúp người khác chạy.", "found"),
            ("KC5", "KC", "Tham nhũng, nhận hối lộ, vụ lợi.", "partial"),
            ("KC6", "KC", "Lãng phí tiền bạc, tài sản, nhân lực, thời gian làm việc; đi công tác không đúng mục đích; sống xa hoa.", "found"),
            ("KC7", "KC", "Để vợ, chồng, cha mẹ, con cái, người thân lợi dụng chức vụ, quyền hạn của mình.", "found"),
            ("KC8", "KC", "Sa vào tệ nạn xã hội.", "partial"),
        ],
    },
    {
        "code": "QD101", "symbol": "101-QĐ/TW", "kind": "regulation", "issuer": "Ban Bí thư",
        "issued_on": "2012-06-07", "term": "XI", "verification": "found",
        "title": "Quy định trách nhiệm nêu gương của cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt các cấp",
        "summary": "Bảy lĩnh vực mà mọi cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt, phải nêu gương.",
        "sources": ["https://lawnet.vn/thong-tin-phap-luat/en/tu-van-luat/07-contents-that-cadres-and-party-members-must-set-an-example-in-vietnam-114796.html"],
        "groups": [("noi_dung", "Nội dung nêu gương")],
        "items": [
            ("ND1", "noi_dung", "Về tư tưởng chính trị: kiên định; đi đầu đấu tranh chống suy thoái.", "found"),
            ("ND2", "noi_dung", "Về đạo đức, lối sống, tác phong: chấp hành những điều đảng viên không được làm; đi đầu chống quan liêu, tham nhũng, lãng phí.", "found"),
            ("ND3", "noi_dung", "Về tự phê bình và phê bình.", "partial"),
            ("ND4", "noi_dung", "Về tinh thần trách nhiệm trong công tác.", "partial"),
            ("ND5", "noi_dung", "Về quan hệ với nhân dân.", "partial"),
            ("ND6", "noi_dung", "Về ý thức tổ chức kỷ luật.", "partial"),
            ("ND7", "noi_dung", "Về đoàn kết nội bộ.", "partial"),
        ],
    },
    {
        "code": "QD55", "symbol": "55-QĐ/TW", "kind": "regulation", "issuer": "Bộ Chính trị",
        "issued_on": "2016-12-19", "term": "XII", "verification": "partial",
        "title": "Quy định về một số việc cần làm ngay để tăng cường vai trò nêu gương của cán bộ, đảng viên",
        "summary": "Những việc cần làm ngay để tăng cường vai trò nêu gương; được QĐ 08 kế thừa (tên văn bản cần kiểm tra).",
        "sources": ["https://daihoidang.baoquangninh.vn/trach-nhiem-neu-guong-trung-uong-dia-phuong-phai-cung-chuyen-dong-2405955.html"],
        "groups": [], "items": [],
    },
    {
        "code": "QD47", "symbol": "47-QĐ/TW", "kind": "regulation", "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2011-11-01", "term": "XI", "verification": "found",
        "title": "Quy định về những điều đảng viên không được làm",
        "summary": "19 điều đảng viên không được làm; thay QĐ 115-QĐ/TW (2007); sau được thay bằng QĐ 37-QĐ/TW (khóa XIII).",
        "sources": ["http://ttbd.gov.vn/Home/Default.aspx?portalid=52&tabid=108&catid=515&distid=4980"],
        "groups": [("dieu_cam", "Những điều đảng viên không được làm")],
        "items": [
            ("D1", "dieu_cam", "Nói, làm trái hoặc không thực hiện Cương lĩnh, Điều lệ, nghị quyết của Đảng; làm những việc pháp luật không cho phép.", "found"),
            ("D2", "dieu_cam", "Làm lộ, tán phát thông tin bí mật (17 điều còn lại chưa được chép lại).", "partial"),
        ],
    },
    {
        "code": "QD37", "symbol": "37-QĐ/TW", "kind": "regulation", "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2021-10-25", "term": "XIII", "verification": "partial",
        "title": "Quy định về những điều đảng viên không được làm",
        "summary": "Thay QĐ 47 (2011); căn cứ xử lý vi phạm. Ngày ban hành cần kiểm tra.",
        "sources": ["http://ttbd.gov.vn/Home/Default.aspx?portalid=52&tabid=108&catid=515&distid=4980"],
        "groups": [], "items": [],
    },
    {
        "code": "KL01", "symbol": "01-KL/TW", "kind": "conclusion", "issuer": "Bộ Chính trị",
        "issued_on": "2021-05-18", "term": "XIII", "verification": "found",
        "title": "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "summary": "Tiếp tục thực hiện Chỉ thị 05 trong nhiệm kỳ khóa XIII.",
        "sources": [], "groups": [], "items": [],
    },
    {
        "code": "KL21", "symbol": "21-KL/TW", "kind": "conclusion", "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2021-10-25", "term": "XIII", "verification": "partial",
        "title": "Kết luận về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện \"tự diễn biến\", \"tự chuyển hóa\"",
        "summary": "Kết luận Hội nghị Trung ương 4 khóa XIII: giữ bốn nhóm giải pháp của NQ TƯ4 khóa XII và bổ sung nhóm thứ năm về xây dựng đội ngũ cán bộ. Số, ngày và tên cần kiểm tra.",
        "sources": ["https://vietbao.vn/thi-diem-giao-quyen-cho-nguoi-dung-dau-bo-nhiem-can-bo-mien-nhiem-cap-duoi-301194.html"],
        "groups": [("GP", "Nhóm nhiệm vụ, giải pháp")],
        "items": [
            ("GP1-4", "GP", "Tiếp tục thực hiện bốn nhóm giải pháp của Nghị quyết 04-NQ/TW với biện pháp mạnh hơn.", "found"),
            ("GP5", "GP", "Xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược và người đứng đầu, gắn với tinh gọn bộ máy hệ thống chính trị.", "found"),
        ],
    },
    {
        "code": "CT50", "symbol": "50-CT/TW", "kind": "instruction", "issuer": "Ban Bí thư",
        "issued_on": "2025-07-23", "term": "XIII", "verification": "found",
        "title": "Chỉ thị về tiếp tục đổi mới và nâng cao chất lượng sinh hoạt chi bộ trong giai đoạn mới",
        "summary": "Chỉ thị hiện hành về chất lượng sinh hoạt chi bộ; hướng dẫn bởi HD 42-HD/BTCTW (28-10-2025): tối thiểu 90 phút, 120 phút khi kết hợp sinh hoạt chuyên đề.",
        "sources": ["https://nld.com.vn/tiep-tuc-nang-cao-chat-luong-sinh-hoat-chi-bo-196251130215644743.htm"],
        "groups": [], "items": [],
    },
]

# (source, relation, target)
LINKS = [
    ("01-KL/TW", "continues", "05-CT/TW"),
    ("21-KL/TW", "continues", "04-NQ/TW"),
    ("37-QĐ/TW", "replaces", "47-QĐ/TW"),
    ("08-QĐi/TW", "continues", "101-QĐ/TW"),
    ("08-QĐi/TW", "continues", "55-QĐ/TW"),
]


def seed(apps, schema_editor):
    import unicodedata

    from common.text import fold

    Directive = apps.get_model("directives", "Directive")
    ItemGroup = apps.get_model("directives", "ItemGroup")
    DirectiveItem = apps.get_model("directives", "DirectiveItem")
    DirectiveLink = apps.get_model("directives", "DirectiveLink")

    def nfc(text):
        return unicodedata.normalize("NFC", text)

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
        for order, (code, group, text, verification) in enumerate(data["items"], start=1):
            DirectiveItem.objects.update_or_create(
                directive=directive,
                code=code,
                defaults={
                    "group": groups.get(group),
                    "order": order,
                    "text": nfc(text),
                    "verification": verification,
                    "search_text": fold(f"{code} {text}"),
                },
            )
    for source, kind, target in LINKS:
        DirectiveLink.objects.get_or_create(
            source=by_symbol[nfc(source)], target=by_symbol[nfc(target)], kind=kind
        )


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
