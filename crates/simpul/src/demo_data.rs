//! Demo data: a realistic but FICTIONAL city government, "Pemerintah Kota
//! Tanjung Selatan" (a kota in WITA, nominally in Kalimantan Timur).
//!
//! Every name, NIP, address, telephone number and e-mail address below is
//! invented. Any resemblance to real persons or offices is coincidental.
//! The region code "64.75" is not assigned by Kemendagri to any real kota.
//!
//! All demo accounts share one password, which is deliberately not stored
//! here.
//!
//! This module holds only static data; the tests at the bottom check that
//! it is internally consistent (codes, units, NIPs, heads, accounts, roles).



// ---------------------------------------------------------------------------
// Pemerintah daerah
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoPemda {
    pub name: &'static str,
    /// "kota".
    pub level: &'static str,
    /// Kemendagri region code, "PP.KK".
    pub region_code: &'static str,
    pub domain: &'static str,
    /// "WITA" (UTC+8).
    pub timezone: &'static str,
    pub regulation: &'static str,
}

pub const PEMDA: DemoPemda = DemoPemda {
    name: "Pemerintah Kota Tanjung Selatan",
    level: "kota",
    region_code: "64.75",
    domain: "tanjungselatankota.go.id",
    timezone: "WITA",
    regulation: "perwali_balikpapan_14_2022",
};

// ---------------------------------------------------------------------------
// Perangkat daerah (agencies)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAgency {
    /// Short uppercase code, unique, `[A-Z0-9-]{2,20}`.
    pub code: &'static str,
    pub name: &'static str,
    pub short_name: &'static str,
    /// One of "sekretariat", "dinas", "badan", "bagian", "inspektorat",
    /// "kecamatan", "kelurahan", "uptd", "satpol_pp", "rsud", "lainnya".
    pub kind: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    /// Under the official domain.
    pub email: &'static str,
    /// "YYYY-MM-DD" when the agency was declared self-sufficient in ICT
    /// (mandiri TIK).
    pub mandiri_tik_since: Option<&'static str>,
    /// Unit kerja: bidang / seksi / subbagian.
    pub units: &'static [&'static str],
}

pub const AGENCIES: &[DemoAgency] = &[
    // --- Sekretariat, inspektorat -----------------------------------------
    DemoAgency {
        code: "SETDA",
        name: "Sekretariat Daerah Kota Tanjung Selatan",
        short_name: "Setda",
        kind: "sekretariat",
        address: "Jl. Jenderal Sudirman No. 1, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721001",
        email: "setda@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Asisten Pemerintahan dan Kesejahteraan Rakyat",
            "Asisten Perekonomian dan Pembangunan",
            "Asisten Administrasi Umum",
            "Bagian Umum",
            "Bagian Protokol dan Komunikasi Pimpinan",
        ],
    },
    DemoAgency {
        code: "SETWAN",
        name: "Sekretariat Dewan Perwakilan Rakyat Daerah Kota Tanjung Selatan",
        short_name: "Setwan DPRD",
        kind: "sekretariat",
        address: "Jl. Jenderal Sudirman No. 3, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721010",
        email: "setwan@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Bagian Umum dan Keuangan",
            "Bagian Persidangan dan Perundang-undangan",
            "Bagian Fasilitasi Penganggaran dan Pengawasan",
        ],
    },
    DemoAgency {
        code: "INSPEKTORAT",
        name: "Inspektorat Daerah Kota Tanjung Selatan",
        short_name: "Inspektorat",
        kind: "inspektorat",
        address: "Jl. Pangeran Antasari No. 8, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721020",
        email: "inspektorat@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Inspektur Pembantu Wilayah I",
            "Inspektur Pembantu Wilayah II",
            "Inspektur Pembantu Khusus",
        ],
    },
    // --- Dinas --------------------------------------------------------------
    DemoAgency {
        code: "DISKOMINFO",
        name: "Dinas Komunikasi dan Informatika Kota Tanjung Selatan",
        short_name: "Diskominfo",
        kind: "dinas",
        address: "Kompleks Perkantoran Terpadu Blok B Lt. 3, Jl. Poros Teluk Sirih Km. 2, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75812",
        phone: "(0542) 722100",
        email: "diskominfo@tanjungselatankota.go.id",
        mandiri_tik_since: Some("2021-03-15"),
        units: &[
            "Sekretariat",
            "Bidang Aplikasi Informatika",
            "Bidang Infrastruktur dan Teknologi Informasi",
            "Bidang Informasi dan Komunikasi Publik",
            "Bidang Persandian dan Statistik",
        ],
    },
    DemoAgency {
        code: "DINKES",
        name: "Dinas Kesehatan Kota Tanjung Selatan",
        short_name: "Dinkes",
        kind: "dinas",
        address: "Jl. dr. Soetomo No. 27, Kelurahan Meranti Jaya, Kecamatan Bukit Meranti, Kota Tanjung Selatan 75814",
        phone: "(0542) 723200",
        email: "dinkes@tanjungselatankota.go.id",
        mandiri_tik_since: Some("2023-07-03"),
        units: &[
            "Sekretariat",
            "Subbagian Perencanaan dan Keuangan",
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan dan Sumber Daya Kesehatan",
        ],
    },
    DemoAgency {
        code: "DISDIKBUD",
        name: "Dinas Pendidikan dan Kebudayaan Kota Tanjung Selatan",
        short_name: "Disdikbud",
        kind: "dinas",
        address: "Jl. Ki Hajar Dewantara No. 14, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 723300",
        email: "disdikbud@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Pembinaan Sekolah Dasar",
            "Bidang Pembinaan Sekolah Menengah Pertama",
            "Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal",
            "Bidang Kebudayaan",
        ],
    },
    DemoAgency {
        code: "DPUPR",
        name: "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjung Selatan",
        short_name: "Dinas PUPR",
        kind: "dinas",
        address: "Jl. Mulawarman No. 45, Kecamatan Sungai Ilir, Kota Tanjung Selatan 75813",
        phone: "(0542) 724100",
        email: "dpupr@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Bina Marga",
            "Bidang Sumber Daya Air",
            "Bidang Penataan Ruang",
        ],
    },
    DemoAgency {
        code: "DISPERKIM",
        name: "Dinas Perumahan dan Kawasan Permukiman Kota Tanjung Selatan",
        short_name: "Disperkim",
        kind: "dinas",
        address: "Jl. Mulawarman No. 47, Kecamatan Sungai Ilir, Kota Tanjung Selatan 75813",
        phone: "(0542) 724200",
        email: "disperkim@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Perumahan",
            "Bidang Kawasan Permukiman",
            "Bidang Pertanahan",
        ],
    },
    DemoAgency {
        code: "DINSOS",
        name: "Dinas Sosial Kota Tanjung Selatan",
        short_name: "Dinsos",
        kind: "dinas",
        address: "Jl. Kapten Pierre Tendean No. 9, Kecamatan Bukit Meranti, Kota Tanjung Selatan 75814",
        phone: "(0542) 724300",
        email: "dinsos@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Rehabilitasi Sosial",
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin",
        ],
    },
    DemoAgency {
        code: "DISDUKCAPIL",
        name: "Dinas Kependudukan dan Pencatatan Sipil Kota Tanjung Selatan",
        short_name: "Disdukcapil",
        kind: "dinas",
        address: "Mal Pelayanan Publik Lt. 1, Jl. Poros Teluk Sirih Km. 3, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75812",
        phone: "(0542) 725100",
        email: "disdukcapil@tanjungselatankota.go.id",
        mandiri_tik_since: Some("2022-10-03"),
        units: &[
            "Sekretariat",
            "Bidang Pelayanan Pendaftaran Penduduk",
            "Bidang Pelayanan Pencatatan Sipil",
            "Bidang Pengelolaan Informasi Administrasi Kependudukan",
            "Bidang Pemanfaatan Data dan Inovasi Pelayanan",
        ],
    },
    DemoAgency {
        code: "DPMPTSP",
        name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Tanjung Selatan",
        short_name: "DPMPTSP",
        kind: "dinas",
        address: "Mal Pelayanan Publik Lt. 2, Jl. Poros Teluk Sirih Km. 3, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75812",
        phone: "(0542) 725200",
        email: "dpmptsp@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Perizinan dan Nonperizinan",
            "Bidang Promosi dan Pengembangan Iklim Penanaman Modal",
            "Bidang Pengendalian Pelaksanaan Penanaman Modal",
        ],
    },
    DemoAgency {
        code: "DISHUB",
        name: "Dinas Perhubungan Kota Tanjung Selatan",
        short_name: "Dishub",
        kind: "dinas",
        address: "Jl. Pelabuhan Semayang No. 2, Kecamatan Tanjung Kemuning, Kota Tanjung Selatan 75816",
        phone: "(0542) 726100",
        email: "dishub@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Lalu Lintas",
            "Bidang Angkutan",
            "Bidang Sarana dan Prasarana",
        ],
    },
    DemoAgency {
        code: "DLH",
        name: "Dinas Lingkungan Hidup Kota Tanjung Selatan",
        short_name: "DLH",
        kind: "dinas",
        address: "Jl. Padat Karya No. 18, Kecamatan Pasir Lamba, Kota Tanjung Selatan 75815",
        phone: "(0542) 726200",
        email: "dlh@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Pengelolaan Sampah dan Limbah B3",
            "Bidang Penaatan dan Peningkatan Kapasitas Lingkungan Hidup",
            "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan Hidup",
        ],
    },
    DemoAgency {
        code: "DKUMKMP",
        name: "Dinas Koperasi, Usaha Mikro, Kecil dan Menengah, dan Perindustrian Kota Tanjung Selatan",
        short_name: "DKUMKMP",
        kind: "dinas",
        address: "Jl. Ahmad Yani No. 56, Kecamatan Sungai Ilir, Kota Tanjung Selatan 75813",
        phone: "(0542) 726300",
        email: "dkumkmp@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Koperasi",
            "Bidang Usaha Mikro",
            "Bidang Perindustrian",
        ],
    },
    DemoAgency {
        code: "DISPORAPAR",
        name: "Dinas Pemuda, Olahraga dan Pariwisata Kota Tanjung Selatan",
        short_name: "Disporapar",
        kind: "dinas",
        address: "Kompleks Stadion Batu Putih, Jl. Olahraga No. 1, Kecamatan Tanjung Kemuning, Kota Tanjung Selatan 75816",
        phone: "(0542) 726400",
        email: "disporapar@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Kepemudaan",
            "Bidang Keolahragaan",
            "Bidang Pariwisata",
        ],
    },
    // --- Badan ----------------------------------------------------------------
    DemoAgency {
        code: "BAPPEDA",
        name: "Badan Perencanaan Pembangunan Daerah Kota Tanjung Selatan",
        short_name: "Bappeda",
        kind: "badan",
        address: "Kompleks Perkantoran Terpadu Blok A Lt. 2, Jl. Poros Teluk Sirih Km. 2, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75812",
        phone: "(0542) 722200",
        email: "bappeda@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            "Bidang Pemerintahan dan Pembangunan Manusia",
            "Bidang Perekonomian, Infrastruktur dan Kewilayahan",
            "Bidang Penelitian dan Pengembangan",
        ],
    },
    DemoAgency {
        code: "BKAD",
        name: "Badan Keuangan dan Aset Daerah Kota Tanjung Selatan",
        short_name: "BKAD",
        kind: "badan",
        address: "Kompleks Perkantoran Terpadu Blok A Lt. 1, Jl. Poros Teluk Sirih Km. 2, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75812",
        phone: "(0542) 722300",
        email: "bkad@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Anggaran",
            "Bidang Perbendaharaan",
            "Bidang Akuntansi",
            "Bidang Pengelolaan Barang Milik Daerah",
        ],
    },
    DemoAgency {
        code: "BKPSDM",
        name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Tanjung Selatan",
        short_name: "BKPSDM",
        kind: "badan",
        address: "Kompleks Perkantoran Terpadu Blok C Lt. 1, Jl. Poros Teluk Sirih Km. 2, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75812",
        phone: "(0542) 722400",
        email: "bkpsdm@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Kompetensi Aparatur",
        ],
    },
    DemoAgency {
        code: "BAPENDA",
        name: "Badan Pendapatan Daerah Kota Tanjung Selatan",
        short_name: "Bapenda",
        kind: "badan",
        address: "Jl. Ahmad Yani No. 30, Kecamatan Sungai Ilir, Kota Tanjung Selatan 75813",
        phone: "(0542) 722500",
        email: "bapenda@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Pendataan dan Penetapan",
            "Bidang Penagihan dan Keberatan",
            "Bidang Pajak Bumi dan Bangunan dan BPHTB",
        ],
    },
    DemoAgency {
        code: "BPBD",
        name: "Badan Penanggulangan Bencana Daerah Kota Tanjung Selatan",
        short_name: "BPBD",
        kind: "badan",
        address: "Jl. Marsma R. Iswahyudi No. 11, Kecamatan Pasir Lamba, Kota Tanjung Selatan 75815",
        phone: "(0542) 727100",
        email: "bpbd@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ],
    },
    DemoAgency {
        code: "KESBANGPOL",
        name: "Badan Kesatuan Bangsa dan Politik Kota Tanjung Selatan",
        short_name: "Kesbangpol",
        kind: "badan",
        address: "Jl. Pangeran Antasari No. 12, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721030",
        email: "kesbangpol@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Ideologi, Wawasan Kebangsaan dan Karakter Bangsa",
            "Bidang Politik Dalam Negeri dan Organisasi Kemasyarakatan",
            "Bidang Kewaspadaan Nasional dan Penanganan Konflik",
        ],
    },
    // --- Satpol PP, RSUD --------------------------------------------------------
    DemoAgency {
        code: "SATPOLPP",
        name: "Satuan Polisi Pamong Praja Kota Tanjung Selatan",
        short_name: "Satpol PP",
        kind: "satpol_pp",
        address: "Jl. Pangeran Antasari No. 20, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721040",
        email: "satpolpp@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Bidang Penegakan Peraturan Daerah",
            "Bidang Ketenteraman dan Ketertiban Umum",
            "Bidang Perlindungan Masyarakat",
        ],
    },
    DemoAgency {
        code: "RSUD",
        name: "Rumah Sakit Umum Daerah Kota Tanjung Selatan",
        short_name: "RSUD",
        kind: "rsud",
        address: "Jl. Kesehatan No. 1, Kelurahan Meranti Jaya, Kecamatan Bukit Meranti, Kota Tanjung Selatan 75814",
        phone: "(0542) 728000",
        email: "rsud@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Bagian Umum dan Keuangan",
            "Bidang Pelayanan Medik dan Keperawatan",
            "Bidang Penunjang Medik dan Nonmedik",
            "Instalasi Sistem Informasi Rumah Sakit",
        ],
    },
    // --- Bagian pada Sekretariat Daerah ------------------------------------------
    DemoAgency {
        code: "BAG-ORG",
        name: "Bagian Organisasi Sekretariat Daerah Kota Tanjung Selatan",
        short_name: "Bagian Organisasi",
        kind: "bagian",
        address: "Kantor Wali Kota Lt. 2, Jl. Jenderal Sudirman No. 1, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721005",
        email: "organisasi@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Subbagian Kelembagaan dan Analisis Jabatan",
            "Subbagian Pelayanan Publik dan Tata Laksana",
            "Subbagian Kinerja dan Reformasi Birokrasi",
        ],
    },
    DemoAgency {
        code: "BAG-HUKUM",
        name: "Bagian Hukum Sekretariat Daerah Kota Tanjung Selatan",
        short_name: "Bagian Hukum",
        kind: "bagian",
        address: "Kantor Wali Kota Lt. 2, Jl. Jenderal Sudirman No. 1, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721006",
        email: "hukum@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Subbagian Perundang-undangan",
            "Subbagian Bantuan Hukum",
            "Subbagian Dokumentasi dan Informasi Hukum",
        ],
    },
    DemoAgency {
        code: "BAG-PBJ",
        name: "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Tanjung Selatan",
        short_name: "Bagian PBJ",
        kind: "bagian",
        address: "Kantor Wali Kota Lt. 3, Jl. Jenderal Sudirman No. 1, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 721007",
        email: "pbj@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Subbagian Pengelolaan Pengadaan Barang dan Jasa",
            "Subbagian Pengelolaan Layanan Pengadaan Secara Elektronik",
            "Subbagian Pembinaan dan Advokasi Pengadaan Barang dan Jasa",
        ],
    },
    // --- Kecamatan ---------------------------------------------------------------
    DemoAgency {
        code: "KEC-TELUK-SIRIH",
        name: "Kecamatan Teluk Sirih",
        short_name: "Kec. Teluk Sirih",
        kind: "kecamatan",
        address: "Jl. Teluk Sirih Raya No. 12, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 731100",
        email: "kec.teluksirih@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Seksi Pemerintahan",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
            "Seksi Pelayanan Umum",
        ],
    },
    DemoAgency {
        code: "KEC-SUNGAI-ILIR",
        name: "Kecamatan Sungai Ilir",
        short_name: "Kec. Sungai Ilir",
        kind: "kecamatan",
        address: "Jl. Mulawarman No. 101, Kelurahan Sungai Ilir Raya, Kecamatan Sungai Ilir, Kota Tanjung Selatan 75813",
        phone: "(0542) 731200",
        email: "kec.sungaiilir@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Seksi Pemerintahan",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
            "Seksi Pelayanan Umum",
        ],
    },
    DemoAgency {
        code: "KEC-BUKIT-MERANTI",
        name: "Kecamatan Bukit Meranti",
        short_name: "Kec. Bukit Meranti",
        kind: "kecamatan",
        address: "Jl. Meranti Raya No. 5, Kelurahan Meranti Jaya, Kecamatan Bukit Meranti, Kota Tanjung Selatan 75814",
        phone: "(0542) 731300",
        email: "kec.bukitmeranti@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Seksi Pemerintahan",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
            "Seksi Pelayanan Umum",
        ],
    },
    DemoAgency {
        code: "KEC-PASIR-LAMBA",
        name: "Kecamatan Pasir Lamba",
        short_name: "Kec. Pasir Lamba",
        kind: "kecamatan",
        address: "Jl. Pasir Lamba No. 40, Kelurahan Pasir Lamba Baru, Kecamatan Pasir Lamba, Kota Tanjung Selatan 75815",
        phone: "(0542) 731400",
        email: "kec.pasirlamba@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Seksi Pemerintahan",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
            "Seksi Pelayanan Umum",
        ],
    },
    DemoAgency {
        code: "KEC-TJ-KEMUNING",
        name: "Kecamatan Tanjung Kemuning",
        short_name: "Kec. Tanjung Kemuning",
        kind: "kecamatan",
        address: "Jl. Pelabuhan Semayang No. 77, Kelurahan Kemuning Ilir, Kecamatan Tanjung Kemuning, Kota Tanjung Selatan 75816",
        phone: "(0542) 731500",
        email: "kec.tanjungkemuning@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat",
            "Seksi Pemerintahan",
            "Seksi Ketenteraman dan Ketertiban Umum",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
            "Seksi Pelayanan Umum",
        ],
    },
    // --- Kelurahan ---------------------------------------------------------------
    DemoAgency {
        code: "KEL-SIRIH-ULU",
        name: "Kelurahan Teluk Sirih Ulu",
        short_name: "Kel. Teluk Sirih Ulu",
        kind: "kelurahan",
        address: "Jl. Teluk Sirih Raya No. 30, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 731110",
        email: "kel.teluksirihulu@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat Kelurahan",
            "Seksi Pemerintahan dan Ketenteraman",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
        ],
    },
    DemoAgency {
        code: "KEL-MERANTI-JAYA",
        name: "Kelurahan Meranti Jaya",
        short_name: "Kel. Meranti Jaya",
        kind: "kelurahan",
        address: "Jl. Meranti Jaya No. 2, Kelurahan Meranti Jaya, Kecamatan Bukit Meranti, Kota Tanjung Selatan 75814",
        phone: "(0542) 731310",
        email: "kel.merantijaya@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Sekretariat Kelurahan",
            "Seksi Pemerintahan dan Ketenteraman",
            "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
        ],
    },
    // --- UPTD --------------------------------------------------------------------
    DemoAgency {
        code: "UPTD-PKM-TLK-SIRIH",
        name: "UPTD Puskesmas Teluk Sirih",
        short_name: "Puskesmas Teluk Sirih",
        kind: "uptd",
        address: "Jl. Teluk Sirih Raya No. 58, Kelurahan Teluk Sirih Ulu, Kecamatan Teluk Sirih, Kota Tanjung Selatan 75811",
        phone: "(0542) 731120",
        email: "pkm.teluksirih@tanjungselatankota.go.id",
        mandiri_tik_since: None,
        units: &[
            "Subbagian Tata Usaha",
            "Unit Upaya Kesehatan Masyarakat",
            "Unit Upaya Kesehatan Perseorangan dan Farmasi",
        ],
    },
];

// ---------------------------------------------------------------------------
// Pegawai (people)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: &'static str,
    /// 18 digits: birth date YYYYMMDD, appointment YYYYMM, sex (1 male,
    /// 2 female), sequence 001-999.
    pub nip: &'static str,
    pub position: &'static str,
    /// Agency code.
    pub agency: &'static str,
    /// One of the agency's units, exactly as spelled; `None` for the head.
    pub unit: Option<&'static str>,
    pub email: &'static str,
    pub phone: &'static str,
}

pub const PEOPLE: &[DemoPerson] = &[
    // --- Sekretariat Daerah ------------------------------------------------------
    // A kepala daerah is an elected official, not a civil servant; the
    // NIP-shaped number below is a synthetic identifier for the demo.
    DemoPerson {
        name: "Dr. H. Rahmat Syahrani, S.E., M.Si.",
        nip: "197104121998031004",
        position: "Wali Kota",
        agency: "SETDA",
        unit: None,
        email: "walikota@tanjungselatankota.go.id",
        phone: "0811-5401-7712",
    },
    DemoPerson {
        name: "Drs. H. Muhammad Arif Budiman, M.Si.",
        nip: "196803151993031007",
        position: "Sekretaris Daerah",
        agency: "SETDA",
        unit: None,
        email: "arif.budiman@tanjungselatankota.go.id",
        phone: "0811-5402-3381",
    },
    DemoPerson {
        name: "Ir. Hj. Siti Aisyah Lestari, M.M.",
        nip: "197209181998032004",
        position: "Asisten Administrasi Umum",
        agency: "SETDA",
        unit: Some("Asisten Administrasi Umum"),
        email: "aisyah.lestari@tanjungselatankota.go.id",
        phone: "0812-5510-2094",
    },
    DemoPerson {
        name: "Awang Ferdiansyah, S.Sos., M.A.P.",
        nip: "198006072005011012",
        position: "Kepala Bagian Umum",
        agency: "SETDA",
        unit: Some("Bagian Umum"),
        email: "awang.ferdiansyah@tanjungselatankota.go.id",
        phone: "0813-4622-5180",
    },
    DemoPerson {
        name: "Nur Hidayah, S.Kom.",
        nip: "199302212019032016",
        position: "Pranata Komputer Ahli Pertama",
        agency: "SETDA",
        unit: Some("Bagian Protokol dan Komunikasi Pimpinan"),
        email: "nur.hidayah@tanjungselatankota.go.id",
        phone: "0852-5033-8817",
    },
    // --- Sekretariat DPRD --------------------------------------------------------
    DemoPerson {
        name: "H. Gusti Rizal Fahmi, S.H., M.H.",
        nip: "197002041996031003",
        position: "Sekretaris DPRD",
        agency: "SETWAN",
        unit: None,
        email: "rizal.fahmi@tanjungselatankota.go.id",
        phone: "0811-5403-6620",
    },
    // --- Inspektorat -------------------------------------------------------------
    DemoPerson {
        name: "Dr. Yohanes Lahang, S.E., M.Si., Ak.",
        nip: "196907111994031005",
        position: "Inspektur",
        agency: "INSPEKTORAT",
        unit: None,
        email: "yohanes.lahang@tanjungselatankota.go.id",
        phone: "0812-5511-4730",
    },
    DemoPerson {
        name: "Ratna Dewi Puspitasari, S.E., M.Ak.",
        nip: "198604292011012008",
        position: "Auditor Ahli Muda",
        agency: "INSPEKTORAT",
        unit: Some("Inspektur Pembantu Khusus"),
        email: "ratna.puspitasari@tanjungselatankota.go.id",
        phone: "0821-5322-0964",
    },
    DemoPerson {
        name: "Andi Muhammad Fadli, S.Kom.",
        nip: "199001122015031011",
        position: "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama",
        agency: "INSPEKTORAT",
        unit: Some("Inspektur Pembantu Wilayah I"),
        email: "andi.fadli@tanjungselatankota.go.id",
        phone: "0853-4870-1126",
    },
    // --- Diskominfo --------------------------------------------------------------
    DemoPerson {
        name: "Ir. H. Ahmad Fauzi, M.T.",
        nip: "197405202000031002",
        position: "Kepala Dinas",
        agency: "DISKOMINFO",
        unit: None,
        email: "ahmad.fauzi@tanjungselatankota.go.id",
        phone: "0811-5404-1209",
    },
    DemoPerson {
        name: "Hj. Rusmini, S.Sos., M.Si.",
        nip: "197601032002122006",
        position: "Sekretaris Dinas",
        agency: "DISKOMINFO",
        unit: Some("Sekretariat"),
        email: "rusmini@tanjungselatankota.go.id",
        phone: "0812-5512-7745",
    },
    DemoPerson {
        name: "Bambang Wicaksono, S.Kom., M.Kom.",
        nip: "198109302006041009",
        position: "Kepala Bidang Aplikasi Informatika",
        agency: "DISKOMINFO",
        unit: Some("Bidang Aplikasi Informatika"),
        email: "bambang.wicaksono@tanjungselatankota.go.id",
        phone: "0813-4623-9051",
    },
    DemoPerson {
        name: "Rizky Pratama Putra, S.Kom.",
        nip: "199108142015031004",
        position: "Pranata Komputer Ahli Muda",
        agency: "DISKOMINFO",
        unit: Some("Bidang Aplikasi Informatika"),
        email: "rizky.pratama@tanjungselatankota.go.id",
        phone: "0812-5513-4402",
    },
    DemoPerson {
        name: "Anisa Maharani, S.Kom.",
        nip: "199701112022032009",
        position: "Pranata Komputer Ahli Pertama",
        agency: "DISKOMINFO",
        unit: Some("Bidang Aplikasi Informatika"),
        email: "anisa.maharani@tanjungselatankota.go.id",
        phone: "0822-5541-3378",
    },
    DemoPerson {
        name: "Muhammad Iqbal Ramadhan, S.T., M.T.",
        nip: "198301272009021003",
        position: "Kepala Bidang Infrastruktur dan Teknologi Informasi",
        agency: "DISKOMINFO",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        email: "iqbal.ramadhan@tanjungselatankota.go.id",
        phone: "0811-5405-8836",
    },
    DemoPerson {
        name: "Dimas Aditya Nugroho, S.T.",
        nip: "199403052019031007",
        position: "Pranata Komputer Ahli Pertama",
        agency: "DISKOMINFO",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        email: "dimas.nugroho@tanjungselatankota.go.id",
        phone: "0853-4871-6290",
    },
    DemoPerson {
        name: "Eko Saputra, A.Md.Kom.",
        nip: "199607282022031002",
        position: "Pranata Komputer Terampil",
        agency: "DISKOMINFO",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        email: "eko.saputra@tanjungselatankota.go.id",
        phone: "0852-5034-1157",
    },
    DemoPerson {
        name: "Yusuf Hamdani, S.I.Kom.",
        nip: "198904022014031013",
        position: "Pranata Hubungan Masyarakat Ahli Muda",
        agency: "DISKOMINFO",
        unit: Some("Bidang Informasi dan Komunikasi Publik"),
        email: "yusuf.hamdani@tanjungselatankota.go.id",
        phone: "0812-5514-0683",
    },
    DemoPerson {
        name: "Desi Kurniawati, S.Si., M.Stat.",
        nip: "198809092014032005",
        position: "Statistisi Ahli Muda",
        agency: "DISKOMINFO",
        unit: Some("Bidang Persandian dan Statistik"),
        email: "desi.kurniawati@tanjungselatankota.go.id",
        phone: "0813-4624-2217",
    },
    DemoPerson {
        name: "Fitriani Rahayu, S.Tr.Kom.",
        nip: "199206172016122001",
        position: "Sandiman Ahli Pertama",
        agency: "DISKOMINFO",
        unit: Some("Bidang Persandian dan Statistik"),
        email: "fitriani.rahayu@tanjungselatankota.go.id",
        phone: "0821-5323-7745",
    },
    // --- Dinas Kesehatan ---------------------------------------------------------
    DemoPerson {
        name: "dr. Hj. Nurul Hasanah, M.Kes.",
        nip: "197306222000122003",
        position: "Kepala Dinas",
        agency: "DINKES",
        unit: None,
        email: "nurul.hasanah@tanjungselatankota.go.id",
        phone: "0811-5406-3392",
    },
    DemoPerson {
        name: "drg. Agus Salim Harahap, M.Kes.",
        nip: "197711052005021006",
        position: "Sekretaris Dinas",
        agency: "DINKES",
        unit: Some("Sekretariat"),
        email: "agus.harahap@tanjungselatankota.go.id",
        phone: "0812-5515-8806",
    },
    DemoPerson {
        name: "Lilis Suryani, S.K.M., M.Kes.",
        nip: "198703182011012010",
        position: "Administrator Kesehatan Ahli Muda",
        agency: "DINKES",
        unit: Some("Subbagian Perencanaan dan Keuangan"),
        email: "lilis.suryani@tanjungselatankota.go.id",
        phone: "0852-5035-4419",
    },
    DemoPerson {
        name: "Hendra Gunawan, S.Kom.",
        nip: "199307042019031012",
        position: "Pranata Komputer Ahli Pertama",
        agency: "DINKES",
        unit: Some("Subbagian Perencanaan dan Keuangan"),
        email: "hendra.gunawan@tanjungselatankota.go.id",
        phone: "0813-4625-7731",
    },
    DemoPerson {
        name: "Wahyuni Sartika, A.Md.",
        nip: "199509262020032003",
        position: "Pranata Komputer Terampil",
        agency: "DINKES",
        unit: Some("Bidang Pelayanan dan Sumber Daya Kesehatan"),
        email: "wahyuni.sartika@tanjungselatankota.go.id",
        phone: "0822-5542-9063",
    },
    DemoPerson {
        name: "dr. Bayu Setiawan, M.P.H.",
        nip: "198202142010011007",
        position: "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        agency: "DINKES",
        unit: Some("Bidang Pencegahan dan Pengendalian Penyakit"),
        email: "bayu.setiawan@tanjungselatankota.go.id",
        phone: "0811-5407-2250",
    },
    // --- Dinas Pendidikan dan Kebudayaan -----------------------------------------
    DemoPerson {
        name: "Dr. H. Syamsuddin, M.Pd.",
        nip: "196808191993031009",
        position: "Kepala Dinas",
        agency: "DISDIKBUD",
        unit: None,
        email: "syamsuddin@tanjungselatankota.go.id",
        phone: "0811-5408-9914",
    },
    DemoPerson {
        name: "Sri Wulandari, S.Kom.",
        nip: "199205032019032014",
        position: "Pranata Komputer Ahli Pertama",
        agency: "DISDIKBUD",
        unit: Some("Sekretariat"),
        email: "sri.wulandari@tanjungselatankota.go.id",
        phone: "0852-5036-2278",
    },
    // --- Dinas lainnya -----------------------------------------------------------
    DemoPerson {
        name: "Ir. Heru Prasetyo, M.T.",
        nip: "197109271998031006",
        position: "Kepala Dinas",
        agency: "DPUPR",
        unit: None,
        email: "heru.prasetyo@tanjungselatankota.go.id",
        phone: "0812-5516-3047",
    },
    DemoPerson {
        name: "Hj. Andi Tenri Ajeng, S.T., M.Eng.",
        nip: "197804122003122004",
        position: "Kepala Dinas",
        agency: "DISPERKIM",
        unit: None,
        email: "tenri.ajeng@tanjungselatankota.go.id",
        phone: "0813-4626-1185",
    },
    DemoPerson {
        name: "Drs. Paulus Dalung, M.Si.",
        nip: "196903011995021002",
        position: "Kepala Dinas",
        agency: "DINSOS",
        unit: None,
        email: "paulus.dalung@tanjungselatankota.go.id",
        phone: "0812-5517-6621",
    },
    DemoPerson {
        name: "H. Abdul Rahman Hakim, S.Sos., M.A.P.",
        nip: "197507152000031005",
        position: "Kepala Dinas",
        agency: "DISDUKCAPIL",
        unit: None,
        email: "abdul.hakim@tanjungselatankota.go.id",
        phone: "0811-5409-4473",
    },
    DemoPerson {
        name: "Novita Sari, S.Kom.",
        nip: "199408182019032008",
        position: "Pranata Komputer Ahli Pertama",
        agency: "DISDUKCAPIL",
        unit: Some("Bidang Pengelolaan Informasi Administrasi Kependudukan"),
        email: "novita.sari@tanjungselatankota.go.id",
        phone: "0821-5324-5502",
    },
    DemoPerson {
        name: "Dra. Hj. Siti Rahmawati, M.M.",
        nip: "197005061996032002",
        position: "Kepala Dinas",
        agency: "DPMPTSP",
        unit: None,
        email: "siti.rahmawati@tanjungselatankota.go.id",
        phone: "0812-5518-0936",
    },
    DemoPerson {
        name: "Hadi Susanto, S.T., M.T.",
        nip: "197902082005011010",
        position: "Kepala Dinas",
        agency: "DISHUB",
        unit: None,
        email: "hadi.susanto@tanjungselatankota.go.id",
        phone: "0813-4627-8304",
    },
    DemoPerson {
        name: "Ir. Dayang Suriani, M.Sc.",
        nip: "197610122002122008",
        position: "Kepala Dinas",
        agency: "DLH",
        unit: None,
        email: "dayang.suriani@tanjungselatankota.go.id",
        phone: "0852-5037-6640",
    },
    DemoPerson {
        name: "H. Syahrial Effendi, S.E., M.Si.",
        nip: "197206301999031004",
        position: "Kepala Dinas",
        agency: "DKUMKMP",
        unit: None,
        email: "syahrial.effendi@tanjungselatankota.go.id",
        phone: "0811-5410-5528",
    },
    DemoPerson {
        name: "Meiliana Tandi, S.Pd., M.Pd.",
        nip: "198105212006042011",
        position: "Kepala Dinas",
        agency: "DISPORAPAR",
        unit: None,
        email: "meiliana.tandi@tanjungselatankota.go.id",
        phone: "0822-5543-1197",
    },
    // --- Bappeda -----------------------------------------------------------------
    DemoPerson {
        name: "Dr. Ir. Budi Santoso, M.Sc.",
        nip: "197009181996031008",
        position: "Kepala Badan",
        agency: "BAPPEDA",
        unit: None,
        email: "budi.santoso@tanjungselatankota.go.id",
        phone: "0811-5411-0362",
    },
    DemoPerson {
        name: "Hj. Emilia Sari, S.E., M.M.",
        nip: "197802252003122007",
        position: "Sekretaris Badan",
        agency: "BAPPEDA",
        unit: Some("Sekretariat"),
        email: "emilia.sari@tanjungselatankota.go.id",
        phone: "0812-5519-2781",
    },
    DemoPerson {
        name: "Fajar Hidayatullah, S.T., M.Sc.",
        nip: "198708122011011005",
        position: "Perencana Ahli Muda",
        agency: "BAPPEDA",
        unit: Some("Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah"),
        email: "fajar.hidayatullah@tanjungselatankota.go.id",
        phone: "0853-4872-4415",
    },
    DemoPerson {
        name: "Putri Ayu Larasati, S.Si.",
        nip: "199102052015032009",
        position: "Analis Kebijakan Ahli Pertama",
        agency: "BAPPEDA",
        unit: Some("Bidang Penelitian dan Pengembangan"),
        email: "putri.larasati@tanjungselatankota.go.id",
        phone: "0821-5325-9938",
    },
    // --- Badan lainnya -----------------------------------------------------------
    DemoPerson {
        name: "H. Rusdiansyah, S.E., M.Ak.",
        nip: "197311191999031003",
        position: "Kepala Badan",
        agency: "BKAD",
        unit: None,
        email: "rusdiansyah@tanjungselatankota.go.id",
        phone: "0811-5412-7716",
    },
    DemoPerson {
        name: "Dra. Hj. Nurhayati, M.Si.",
        nip: "196908241994032006",
        position: "Kepala Badan",
        agency: "BKPSDM",
        unit: None,
        email: "nurhayati@tanjungselatankota.go.id",
        phone: "0812-5520-4459",
    },
    DemoPerson {
        name: "Agustina Rante, S.Psi., M.Si.",
        nip: "198508172010012006",
        position: "Analis Sumber Daya Manusia Aparatur Ahli Muda",
        agency: "BKPSDM",
        unit: Some("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian"),
        email: "agustina.rante@tanjungselatankota.go.id",
        phone: "0852-5038-0071",
    },
    DemoPerson {
        name: "Aji Muhammad Sofyan, S.E., M.M.",
        nip: "197704032002121005",
        position: "Kepala Badan",
        agency: "BAPENDA",
        unit: None,
        email: "aji.sofyan@tanjungselatankota.go.id",
        phone: "0813-4628-3367",
    },
    DemoPerson {
        name: "Zainal Arifin, S.Sos., M.Si.",
        nip: "197408091999031011",
        position: "Kepala Pelaksana",
        agency: "BPBD",
        unit: None,
        email: "zainal.arifin@tanjungselatankota.go.id",
        phone: "0811-5413-9904",
    },
    DemoPerson {
        name: "Drs. Herman Tulak, M.Si.",
        nip: "196707141992031004",
        position: "Kepala Badan",
        agency: "KESBANGPOL",
        unit: None,
        email: "herman.tulak@tanjungselatankota.go.id",
        phone: "0812-5521-6672",
    },
    // --- Satpol PP, RSUD ---------------------------------------------------------
    DemoPerson {
        name: "Gusti Muhammad Noor, S.STP., M.Si.",
        nip: "197908171999101001",
        position: "Kepala Satuan",
        agency: "SATPOLPP",
        unit: None,
        email: "gusti.noor@tanjungselatankota.go.id",
        phone: "0811-5414-2038",
    },
    DemoPerson {
        name: "dr. Hendrik Wijaya, Sp.PD., M.Kes.",
        nip: "197503302003121006",
        position: "Direktur",
        agency: "RSUD",
        unit: None,
        email: "hendrik.wijaya@tanjungselatankota.go.id",
        phone: "0812-5522-8813",
    },
    DemoPerson {
        name: "Rina Oktaviani, S.Kom.",
        nip: "199607142022032011",
        position: "Pranata Komputer Ahli Pertama",
        agency: "RSUD",
        unit: Some("Instalasi Sistem Informasi Rumah Sakit"),
        email: "rina.oktaviani@tanjungselatankota.go.id",
        phone: "0853-4873-5561",
    },
    // --- Bagian pada Sekretariat Daerah --------------------------------------------
    DemoPerson {
        name: "Sri Hartati, S.Sos., M.A.P.",
        nip: "198001152005012013",
        position: "Kepala Bagian",
        agency: "BAG-ORG",
        unit: None,
        email: "sri.hartati@tanjungselatankota.go.id",
        phone: "0813-4629-0452",
    },
    DemoPerson {
        name: "Ahmad Riduan, S.IP., M.A.P.",
        nip: "198806202011011014",
        position: "Analis Kebijakan Ahli Muda",
        agency: "BAG-ORG",
        unit: Some("Subbagian Kinerja dan Reformasi Birokrasi"),
        email: "ahmad.riduan@tanjungselatankota.go.id",
        phone: "0852-5039-7724",
    },
    DemoPerson {
        name: "Lukas Ngau, S.H., M.H.",
        nip: "198002282006041003",
        position: "Kepala Bagian",
        agency: "BAG-HUKUM",
        unit: None,
        email: "lukas.ngau@tanjungselatankota.go.id",
        phone: "0812-5523-1140",
    },
    DemoPerson {
        name: "Irwan Setiadi, S.T., M.M.",
        nip: "198207192008031002",
        position: "Kepala Bagian",
        agency: "BAG-PBJ",
        unit: None,
        email: "irwan.setiadi@tanjungselatankota.go.id",
        phone: "0821-5326-3385",
    },
    // --- Kecamatan ---------------------------------------------------------------
    DemoPerson {
        name: "Muhammad Yusran, S.STP., M.Si.",
        nip: "198404052003101002",
        position: "Camat",
        agency: "KEC-TELUK-SIRIH",
        unit: None,
        email: "muhammad.yusran@tanjungselatankota.go.id",
        phone: "0811-5415-6617",
    },
    DemoPerson {
        name: "Hj. Nurjannah, S.Sos., M.Si.",
        nip: "197609172002122009",
        position: "Camat",
        agency: "KEC-SUNGAI-ILIR",
        unit: None,
        email: "nurjannah@tanjungselatankota.go.id",
        phone: "0812-5524-9902",
    },
    DemoPerson {
        name: "Stefanus Ajang, S.IP.",
        nip: "198308222009031006",
        position: "Camat",
        agency: "KEC-BUKIT-MERANTI",
        unit: None,
        email: "stefanus.ajang@tanjungselatankota.go.id",
        phone: "0853-4874-0039",
    },
    DemoPerson {
        name: "Andi Ikhsan Mappaturung, S.STP., M.A.P.",
        nip: "198601112005101002",
        position: "Camat",
        agency: "KEC-PASIR-LAMBA",
        unit: None,
        email: "andi.ikhsan@tanjungselatankota.go.id",
        phone: "0813-4630-8826",
    },
    DemoPerson {
        name: "Dewi Anggraini, S.STP., M.Si.",
        nip: "198709302006102003",
        position: "Camat",
        agency: "KEC-TJ-KEMUNING",
        unit: None,
        email: "dewi.anggraini@tanjungselatankota.go.id",
        phone: "0822-5544-6675",
    },
    // --- Kelurahan ---------------------------------------------------------------
    DemoPerson {
        name: "Rudi Hartono, S.Sos.",
        nip: "198506062010011015",
        position: "Lurah",
        agency: "KEL-SIRIH-ULU",
        unit: None,
        email: "rudi.hartono@tanjungselatankota.go.id",
        phone: "0852-5040-3318",
    },
    DemoPerson {
        name: "Yuliana Pasang, S.E.",
        nip: "198907142014032012",
        position: "Lurah",
        agency: "KEL-MERANTI-JAYA",
        unit: None,
        email: "yuliana.pasang@tanjungselatankota.go.id",
        phone: "0821-5327-1446",
    },
    // --- UPTD --------------------------------------------------------------------
    DemoPerson {
        name: "dr. Fitri Handayani",
        nip: "198603012014042004",
        position: "Kepala UPTD Puskesmas",
        agency: "UPTD-PKM-TLK-SIRIH",
        unit: None,
        email: "fitri.handayani@tanjungselatankota.go.id",
        phone: "0813-4631-5593",
    },
];

/// The head of every agency: (agency code, NIP of the head).
pub const HEADS: &[(&str, &str)] = &[
    ("SETDA", "196803151993031007"),
    ("SETWAN", "197002041996031003"),
    ("INSPEKTORAT", "196907111994031005"),
    ("DISKOMINFO", "197405202000031002"),
    ("DINKES", "197306222000122003"),
    ("DISDIKBUD", "196808191993031009"),
    ("DPUPR", "197109271998031006"),
    ("DISPERKIM", "197804122003122004"),
    ("DINSOS", "196903011995021002"),
    ("DISDUKCAPIL", "197507152000031005"),
    ("DPMPTSP", "197005061996032002"),
    ("DISHUB", "197902082005011010"),
    ("DLH", "197610122002122008"),
    ("DKUMKMP", "197206301999031004"),
    ("DISPORAPAR", "198105212006042011"),
    ("BAPPEDA", "197009181996031008"),
    ("BKAD", "197311191999031003"),
    ("BKPSDM", "196908241994032006"),
    ("BAPENDA", "197704032002121005"),
    ("BPBD", "197408091999031011"),
    ("KESBANGPOL", "196707141992031004"),
    ("SATPOLPP", "197908171999101001"),
    ("RSUD", "197503302003121006"),
    ("BAG-ORG", "198001152005012013"),
    ("BAG-HUKUM", "198002282006041003"),
    ("BAG-PBJ", "198207192008031002"),
    ("KEC-TELUK-SIRIH", "198404052003101002"),
    ("KEC-SUNGAI-ILIR", "197609172002122009"),
    ("KEC-BUKIT-MERANTI", "198308222009031006"),
    ("KEC-PASIR-LAMBA", "198601112005101002"),
    ("KEC-TJ-KEMUNING", "198709302006102003"),
    ("KEL-SIRIH-ULU", "198506062010011015"),
    ("KEL-MERANTI-JAYA", "198907142014032012"),
    ("UPTD-PKM-TLK-SIRIH", "198603012014042004"),
];

// ---------------------------------------------------------------------------
// Akun demo (accounts). All share the demo password, which is not kept here.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAccount {
    /// Lowercase `[a-z0-9._-]`.
    pub username: &'static str,
    pub person_nip: &'static str,
    /// (role code, agency code scope). Agency-scoped roles ("kepala_pd",
    /// "walidata", "operator_pd", "service_desk_t1") carry `Some`; the
    /// others `None`.
    pub roles: &'static [(&'static str, Option<&'static str>)],
    /// Indonesian: what this account demonstrates.
    pub description: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "admin",
        person_nip: "199108142015031004",
        roles: &[("admin_diskominfo", None)],
        description: "Administrator Diskominfo: mengelola data induk perangkat daerah, pegawai, akun dan peran, serta konfigurasi Simpul.",
    },
    DemoAccount {
        username: "walikota",
        person_nip: "197104121998031004",
        roles: &[("kepala_daerah", None)],
        description: "Wali Kota: melihat dasbor kinerja SPBE seluruh perangkat daerah dan menetapkan kebijakan SPBE.",
    },
    DemoAccount {
        username: "sekda",
        person_nip: "196803151993031007",
        roles: &[("sekretaris_daerah", None), ("tim_koordinasi", None)],
        description: "Sekretaris Daerah selaku Koordinator SPBE dan ketua Tim Koordinasi SPBE: menyetujui rencana dan memantau pelaksanaan SPBE.",
    },
    DemoAccount {
        username: "kadiskominfo",
        person_nip: "197405202000031002",
        roles: &[("kepala_pd", Some("DISKOMINFO")), ("tim_koordinasi", None)],
        description: "Kepala Diskominfo: pimpinan perangkat daerah pengelola TIK sekaligus anggota Tim Koordinasi SPBE.",
    },
    DemoAccount {
        username: "kadinkes",
        person_nip: "197306222000122003",
        roles: &[("kepala_pd", Some("DINKES"))],
        description: "Kepala Dinas Kesehatan: menyetujui pengajuan dan memantau layanan TIK pada lingkup Dinas Kesehatan saja.",
    },
    DemoAccount {
        username: "walidata.dinkes",
        person_nip: "198703182011012010",
        roles: &[("walidata", Some("DINKES"))],
        description: "Walidata Dinas Kesehatan: memeriksa dan menyebarluaskan data sektoral kesehatan sesuai prinsip Satu Data Indonesia.",
    },
    DemoAccount {
        username: "operator.dinkes",
        person_nip: "199307042019031012",
        roles: &[("operator_pd", Some("DINKES"))],
        description: "Operator Dinas Kesehatan: mengisi inventaris aplikasi, infrastruktur dan data pada lingkup Dinas Kesehatan.",
    },
    DemoAccount {
        username: "operator.disdik",
        person_nip: "199205032019032014",
        roles: &[("operator_pd", Some("DISDIKBUD"))],
        description: "Operator Dinas Pendidikan dan Kebudayaan: menunjukkan bahwa operator hanya melihat dan mengubah data perangkat daerahnya sendiri.",
    },
    DemoAccount {
        username: "sd1.dinkes",
        person_nip: "199509262020032003",
        roles: &[("service_desk_t1", Some("DINKES"))],
        description: "Service Desk Tier 1 Dinas Kesehatan: menerima tiket gangguan pengguna dan meneruskan yang tidak terselesaikan ke Tier 2.",
    },
    DemoAccount {
        username: "sd2",
        person_nip: "199403052019031007",
        roles: &[("service_desk_t2", None)],
        description: "Service Desk Tier 2 di Diskominfo: menangani tiket eskalasi dari seluruh perangkat daerah.",
    },
    DemoAccount {
        username: "auditor",
        person_nip: "198604292011012008",
        roles: &[("auditor_tik", None)],
        description: "Auditor TIK internal dari Inspektorat: membaca seluruh data dan jejak audit tanpa dapat mengubahnya.",
    },
    DemoAccount {
        username: "asesor",
        person_nip: "198806202011011014",
        roles: &[("asesor_internal", None)],
        description: "Asesor internal dari Bagian Organisasi: menilai mandiri indikator evaluasi SPBE dan memeriksa bukti dukung.",
    },
    DemoAccount {
        username: "tim.bappeda",
        person_nip: "197009181996031008",
        roles: &[("tim_koordinasi", None), ("kepala_pd", Some("BAPPEDA"))],
        description: "Kepala Bappeda: anggota Tim Koordinasi SPBE yang menyelaraskan rencana induk SPBE dengan perencanaan pembangunan daerah.",
    },
    DemoAccount {
        username: "kadisdik",
        person_nip: "196808191993031009",
        roles: &[("kepala_pd", Some("DISDIKBUD"))],
        description: "Kepala Dinas Pendidikan dan Kebudayaan: pembanding lingkup kepala perangkat daerah selain Dinas Kesehatan.",
    },
    DemoAccount {
        username: "walidata.diskominfo",
        person_nip: "198809092014032005",
        roles: &[("walidata", Some("DISKOMINFO"))],
        description: "Walidata Diskominfo (Bidang Persandian dan Statistik): mengelola data statistik sektoral pada lingkup Diskominfo.",
    },
    DemoAccount {
        username: "operator.dukcapil",
        person_nip: "199408182019032008",
        roles: &[("operator_pd", Some("DISDUKCAPIL"))],
        description: "Operator Disdukcapil: operator pada perangkat daerah yang telah mandiri TIK.",
    },
    DemoAccount {
        username: "sd1.diskominfo",
        person_nip: "199607282022031002",
        roles: &[("service_desk_t1", Some("DISKOMINFO"))],
        description: "Service Desk Tier 1 Diskominfo: menerima tiket dari pegawai Diskominfo sendiri.",
    },
];

// ---------------------------------------------------------------------------
// Consistency checks
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const KINDS: &[&str] = &[
        "sekretariat",
        "dinas",
        "badan",
        "bagian",
        "inspektorat",
        "kecamatan",
        "kelurahan",
        "uptd",
        "satpol_pp",
        "rsud",
        "lainnya",
    ];

    const ROLE_CODES: &[&str] = &[
        "kepala_daerah",
        "sekretaris_daerah",
        "tim_koordinasi",
        "admin_diskominfo",
        "kepala_pd",
        "walidata",
        "operator_pd",
        "service_desk_t1",
        "service_desk_t2",
        "auditor_tik",
        "asesor_internal",
    ];

    const SCOPED_ROLES: &[&str] = &["kepala_pd", "walidata", "operator_pd", "service_desk_t1"];

    fn agency(code: &str) -> Option<&'static DemoAgency> {
        AGENCIES.iter().find(|a| a.code == code)
    }

    fn person(nip: &str) -> Option<&'static DemoPerson> {
        PEOPLE.iter().find(|p| p.nip == nip)
    }

    fn account(username: &str) -> Option<&'static DemoAccount> {
        ACCOUNTS.iter().find(|a| a.username == username)
    }

    fn num(s: &str) -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    }

    fn days_in_month(year: u32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// (year, month, day) of a valid `YYYYMMDD` or `YYYY-MM-DD`.
    fn date(s: &str) -> Option<(u32, u32, u32)> {
        let compact: String = match s.len() {
            8 => s.to_string(),
            10 if s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => s.replace('-', ""),
            _ => return None,
        };
        if compact.len() != 8 {
            return None;
        }
        let y = num(&compact[0..4])?;
        let m = num(&compact[4..6])?;
        let d = num(&compact[6..8])?;
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some((y, m, d))
    }

    fn is_valid_code(c: &str) -> bool {
        (2..=20).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
    }

    fn is_mobile(p: &str) -> bool {
        let parts: Vec<&str> = p.split('-').collect();
        parts.len() == 3
            && parts[0].len() == 4
            && parts[0].starts_with("08")
            && parts[1].len() == 4
            && parts[2].len() == 4
            && parts.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()))
    }

    fn under_domain(email: &str) -> bool {
        match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain == PEMDA.domain
                    && local.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            }
            None => false,
        }
    }

    #[test]
    fn pemda_is_consistent() {
        assert_eq!(PEMDA.level, "kota");
        assert_eq!(PEMDA.timezone, "WITA");
        let parts: Vec<&str> = PEMDA.region_code.split('.').collect();
        assert_eq!(parts.len(), 2, "region code PP.KK");
        assert!(parts.iter().all(|p| p.len() == 2 && num(p).is_some()));
        assert!(PEMDA.domain.ends_with(".go.id"));
    }

    #[test]
    fn agencies_are_valid_and_unique() {
        let mut codes = HashSet::new();
        let mut emails = HashSet::new();
        let mut mandiri = 0;
        for a in AGENCIES {
            assert!(is_valid_code(a.code), "invalid agency code {}", a.code);
            assert!(codes.insert(a.code), "duplicate agency code {}", a.code);
            assert!(KINDS.contains(&a.kind), "{}: unknown kind {}", a.code, a.kind);
            assert!(!a.name.is_empty() && !a.short_name.is_empty() && !a.address.is_empty() && !a.phone.is_empty());
            assert!(under_domain(a.email), "{}: email {} not under the official domain", a.code, a.email);
            assert!(emails.insert(a.email), "duplicate agency email {}", a.email);
            assert!((2..=5).contains(&a.units.len()), "{}: needs 2-5 units", a.code);
            let units: HashSet<&str> = a.units.iter().copied().collect();
            assert_eq!(units.len(), a.units.len(), "{}: duplicate unit", a.code);
            if let Some(d) = a.mandiri_tik_since {
                mandiri += 1;
                assert_eq!(d.len(), 10, "{}: mandiri_tik_since must be YYYY-MM-DD", a.code);
                assert!(date(d).is_some(), "{}: invalid date {d}", a.code);
            }
        }
        assert!((2..=3).contains(&mandiri), "2-3 agencies are mandiri TIK");
        assert!(codes.contains("DISKOMINFO"));
        for kind in ["sekretariat", "dinas", "badan", "bagian", "inspektorat", "kecamatan", "kelurahan", "uptd", "satpol_pp", "rsud"] {
            assert!(AGENCIES.iter().any(|a| a.kind == kind), "no agency of kind {kind}");
        }
    }

    #[test]
    fn people_belong_to_agencies_and_units() {
        let mut emails = HashSet::new();
        for p in PEOPLE {
            assert!(!p.name.is_empty() && !p.position.is_empty());
            let Some(a) = agency(p.agency) else {
                panic!("{}: unknown agency {}", p.name, p.agency);
            };
            if let Some(u) = p.unit {
                assert!(a.units.contains(&u), "{}: unit {u} is not in {}", p.name, a.code);
            }
            assert!(under_domain(p.email), "{}: email {} not under the official domain", p.name, p.email);
            assert!(emails.insert(p.email), "duplicate person email {}", p.email);
            assert!(is_mobile(p.phone), "{}: phone {} not 08xx-xxxx-xxxx", p.name, p.phone);
        }
    }

    #[test]
    fn nips_are_valid_and_unique() {
        let mut seen = HashSet::new();
        for p in PEOPLE {
            let nip = p.nip;
            assert_eq!(nip.len(), 18, "{}: NIP must be 18 digits", p.name);
            assert!(nip.bytes().all(|b| b.is_ascii_digit()), "{}: NIP must be digits", p.name);
            assert!(seen.insert(nip), "duplicate NIP {nip}");

            let Some((by, bm, bd)) = date(&nip[0..8]) else {
                panic!("{}: invalid birth date in NIP {nip}", p.name);
            };
            assert!((1965..=1998).contains(&by), "{}: born {by}, outside 1965-1998", p.name);

            let (Some(ay), Some(am)) = (num(&nip[8..12]), num(&nip[12..14])) else {
                panic!("{}: invalid appointment in NIP {nip}", p.name);
            };
            assert!((1..=12).contains(&am), "{}: appointment month {am}", p.name);
            assert!((ay, am) <= (2026, 11), "{}: appointment {ay}-{am} is in the future", p.name);
            // At least 18 at the end of the appointment month: the 18th
            // birthday falls on or before the first of that month.
            assert!((ay, am, 1) >= (by + 18, bm, bd), "{}: appointed before 18", p.name);

            let sex = &nip[14..15];
            assert!(sex == "1" || sex == "2", "{}: sex digit {sex}", p.name);
            let seq = num(&nip[15..18]).unwrap_or(0);
            assert!((1..=999).contains(&seq), "{}: sequence {seq}", p.name);
        }
    }

    #[test]
    fn every_agency_has_one_head_in_that_agency() {
        let mut listed = HashSet::new();
        for (code, nip) in HEADS {
            assert!(agency(code).is_some(), "HEADS names unknown agency {code}");
            assert!(listed.insert(*code), "agency {code} has two heads");
            let Some(p) = person(nip) else {
                panic!("head {nip} of {code} is not in PEOPLE");
            };
            assert_eq!(p.agency, *code, "head {} does not belong to {code}", p.name);
            assert!(p.unit.is_none(), "head {} should not sit in a unit", p.name);
        }
        for a in AGENCIES {
            assert!(listed.contains(a.code), "agency {} has no head", a.code);
        }
    }

    #[test]
    fn accounts_are_valid() {
        let mut names = HashSet::new();
        let mut used = HashSet::new();
        for acc in ACCOUNTS {
            assert!(!acc.username.is_empty(), "empty username");
            assert!(
                acc.username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_' || b == b'-'),
                "username {} must be lowercase [a-z0-9._-]",
                acc.username
            );
            assert!(names.insert(acc.username), "duplicate username {}", acc.username);
            assert!(person(acc.person_nip).is_some(), "{}: person {} not in PEOPLE", acc.username, acc.person_nip);
            assert!(!acc.roles.is_empty(), "{}: no roles", acc.username);
            assert!(!acc.description.is_empty(), "{}: no description", acc.username);
            for (role, scope) in acc.roles {
                assert!(ROLE_CODES.contains(role), "{}: unknown role {role}", acc.username);
                used.insert(*role);
                if SCOPED_ROLES.contains(role) {
                    let Some(code) = scope else {
                        panic!("{}: role {role} needs an agency", acc.username);
                    };
                    assert!(agency(code).is_some(), "{}: scope {code} is not an agency", acc.username);
                } else {
                    assert!(scope.is_none(), "{}: role {role} takes no agency", acc.username);
                }
            }
        }
        for role in ROLE_CODES {
            assert!(used.contains(role), "no account holds role {role}");
        }
    }

    fn has(username: &str, role: &str, scope: Option<&str>) -> bool {
        account(username).is_some_and(|a| a.roles.iter().any(|(r, s)| *r == role && *s == scope))
    }

    fn agency_of(username: &str) -> Option<&'static str> {
        account(username).and_then(|a| person(a.person_nip)).map(|p| p.agency)
    }

    #[test]
    fn required_accounts_exist() {
        assert!(has("admin", "admin_diskominfo", None));
        assert_eq!(agency_of("admin"), Some("DISKOMINFO"));

        assert!(has("walikota", "kepala_daerah", None));
        let wali = account("walikota").and_then(|a| person(a.person_nip));
        assert!(wali.is_some_and(|p| p.position == "Wali Kota" && p.agency == "SETDA"));

        assert!(has("sekda", "sekretaris_daerah", None));
        assert!(has("sekda", "tim_koordinasi", None));

        assert!(has("kadiskominfo", "kepala_pd", Some("DISKOMINFO")));
        assert!(has("kadiskominfo", "tim_koordinasi", None));

        assert!(has("kadinkes", "kepala_pd", Some("DINKES")));
        assert!(has("walidata.dinkes", "walidata", Some("DINKES")));
        assert!(has("operator.dinkes", "operator_pd", Some("DINKES")));
        assert!(has("operator.disdik", "operator_pd", Some("DISDIKBUD")));
        assert!(has("sd1.dinkes", "service_desk_t1", Some("DINKES")));

        assert!(has("sd2", "service_desk_t2", None));
        assert_eq!(agency_of("sd2"), Some("DISKOMINFO"));

        assert!(has("auditor", "auditor_tik", None));
        assert_eq!(agency_of("auditor"), Some("INSPEKTORAT"));

        assert!(has("asesor", "asesor_internal", None));
        assert!(matches!(agency_of("asesor"), Some("BAPPEDA" | "BAG-ORG")));

        assert!(has("tim.bappeda", "tim_koordinasi", None));
        assert!(has("tim.bappeda", "kepala_pd", Some("BAPPEDA")));

        // Heads hold kepala_pd for their own agency.
        for acc in ACCOUNTS {
            for (role, scope) in acc.roles {
                if *role == "kepala_pd" {
                    let head = HEADS.iter().find(|(c, _)| Some(*c) == *scope).map(|(_, n)| *n);
                    assert_eq!(head, Some(acc.person_nip), "{}: kepala_pd but not the head", acc.username);
                }
            }
        }
        // Accounts scoped to an agency belong to that agency's people.
        for acc in ACCOUNTS {
            for (role, scope) in acc.roles {
                if *role != "kepala_pd"
                    && let Some(code) = scope
                {
                    assert_eq!(agency_of(acc.username), Some(*code), "{}: scoped outside own agency", acc.username);
                }
            }
        }
    }

    #[test]
    fn sizes_are_as_intended() {
        assert!((28..=36).contains(&AGENCIES.len()));
        assert!((60..=80).contains(&PEOPLE.len()));
        assert!((4..=6).contains(&AGENCIES.iter().filter(|a| a.kind == "kecamatan").count()));
        assert!((1..=2).contains(&AGENCIES.iter().filter(|a| a.kind == "kelurahan").count()));
    }
}
