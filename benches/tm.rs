//! Translation memory benchmark (issue 9): a deterministic synthetic TM of
//! Arabic wire copy at 10k, 100k and 1M units; import speed, size on disk,
//! time to open, lookup latency (median, p95) against an OmegaT-style linear
//! scan, peak memory with the TM open, and how often a near copy of a unit
//! finds that unit first.
//!
//! `cargo bench --bench tm` runs every size. Knobs:
//! - `TARJUMAN_BENCH_TM_SIZES=10000,100000` the sizes (default 10k, 100k, 1M);
//! - `TARJUMAN_BENCH_TM_REBUILD=1` rebuilds the TMs (else those under
//!   `target/tm-bench/` of the same size and generator version are reused,
//!   with the import figures recorded when they were built);
//! - `TARJUMAN_BENCH_RUNS=N` passes over the query set (default 3);
//! - `TARJUMAN_BENCH_SCAN_QUERIES=N` queries for the linear scan (default
//!   20, and 3 at 1M units, where every unit is read again per query);
//! - `TARJUMAN_BENCH_TM_SAMPLE=N` prints N generated units and the most
//!   frequent words, and exits;
//! - `TARJUMAN_BENCH_TM_BREAKDOWN=1` instead prints where a lookup's time
//!   goes (reading the query, the store's candidates, reading each
//!   candidate, scoring);
//! - `TARJUMAN_BENCH_TM_DIR=DIR` keeps the TMs in DIR instead;
//! - `TARJUMAN_BENCH_TM_MISSES=1` prints every near copy whose unit does
//!   not rank first.
//!
//! Each measurement runs in a process of its own (the bench runs itself
//! again with `--tm-child`), so the import's memory does not count against
//! the lookups and every open starts from a fresh process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tarjuman::tm::lookup::{Query, lookup};
use tarjuman::tm::score::{Prepared, score};
use tarjuman::tm::sqlite::SqliteTm;
use tarjuman::tm::text::Lexicon;
use tarjuman::tm::{ImportItem, Progress, TmError, TmStore, Unit, UnitStatus};

/// Bumped whenever the generator changes, so stale TMs are not reused.
const GENERATOR_VERSION: u32 = 1;
const TM_SEED: u64 = 0x7A4D_1B2C_3D4E_5F60;
const NEW_SEED: u64 = 0x0DDB_A11C_AFE0_0009;
const QUERY_SEED: u64 = 0x5151_2024_0909_0001;

// ---------------------------------------------------------------------------
// Vocabulary: Arabic wire copy (politics, diplomacy, cybersecurity, economy,
// conflict) with an English gloss for the parallel target. Roughly in order
// of frequency: picks are Zipf-distributed over each list's order.

const NOUNS: &str = "
حكومة|government
وزير|minister
رئيس|president
شركة|company
هجوم|attack
أمن|security
اتفاق|agreement
مفاوضات|negotiations
محادثات|talks
عقوبات|sanctions
قوات|forces
سلطات|authorities
دولة|state
مسؤول|official
قرار|decision
أزمة|crisis
انتخابات|elections
قمة|summit
مجلس|council
جيش|army
تقرير|report
تحقيق|investigation
اجتماع|meeting
زيارة|visit
علاقات|relations
تعاون|cooperation
منطقة|region
سياسة|policy
اقتصاد|economy
هجمات|attacks
بيانات|data
شبكة|network
قراصنة|hackers
أنظمة|systems
خوادم|servers
برلمان|parliament
مؤتمر|conference
حدود|borders
نفط|oil
غاز|gas
طاقة|energy
أسعار|prices
سوق|market
بنك|bank
عملة|currency
قطاع|sector
مشروع|project
برنامج|programme
خطة|plan
قانون|law
محكمة|court
شرطة|police
استخبارات|intelligence
معلومات|information
اختراق|breach
ثغرة|vulnerability
برمجيات|software
فدية|ransom
قرصنة|hacking
تشفير|encryption
حماية|protection
دفاع|defence
حرب|war
سلام|peace
نزاع|conflict
هدنة|truce
عملية|operation
عمليات|operations
مساعدات|aid
صواريخ|missiles
طائرات|aircraft
أسلحة|weapons
غارات|air strikes
اشتباكات|clashes
قصف|shelling
مدنيين|civilians
لاجئين|refugees
ضحايا|victims
جنود|soldiers
مسلحين|gunmen
احتجاجات|protests
معارضة|opposition
حزب|party
ائتلاف|coalition
نواب|lawmakers
سفير|ambassador
سفارة|embassy
وفد|delegation
مبعوث|envoy
وساطة|mediation
مبادرة|initiative
تصريحات|remarks
رسالة|letter
اتصال|call
موقف|position
تحذير|warning
تهديد|threat
مخاوف|concerns
ضغوط|pressure
دعم|support
تمويل|funding
صفقة|deal
عقد|contract
نمو|growth
تضخم|inflation
ميزانية|budget
عجز|deficit
ديون|debt
استثمارات|investments
صادرات|exports
واردات|imports
تجارة|trade
صناعة|industry
إنتاج|production
ارتفاع|rise
انخفاض|fall
تراجع|decline
زيادة|increase
خسائر|losses
أرباح|profits
إيرادات|revenues
نتائج|results
إجراءات|measures
قيود|restrictions
حظر|ban
تجميد|freeze
أصول|assets
أموال|funds
حسابات|accounts
مواقع|websites
مستخدمين|users
عملاء|customers
رسائل|messages
تطبيق|application
هواتف|phones
إنترنت|internet
تكنولوجيا|technology
منصة|platform
تحديث|update
مستشفى|hospital
مستشفيات|hospitals
مدارس|schools
جامعة|university
سكان|residents
مواطنين|citizens
حقوق|rights
حريات|freedoms
صحافيين|journalists
إعلام|media
صحيفة|newspaper
قناة|channel
وكالة|agency
منظمة|organisation
هيئة|authority
لجنة|committee
مجموعة|group
جماعة|group
تنظيم|organisation
زعيم|leader
قائد|commander
متحدث|spokesman
مستشار|adviser
خبراء|experts
محللين|analysts
باحثين|researchers
دراسة|study
أرقام|figures
نسبة|proportion
معدل|rate
مؤشر|index
مرحلة|phase
جولة|round
خطوة|step
تدابير|measures
قائمة|list
ملف|dossier
قضية|case
قضايا|issues
مسألة|matter
أهداف|targets
مصالح|interests
تحالف|alliance
شراكة|partnership
حوار|dialogue
تسوية|settlement
انسحاب|withdrawal
انتشار|deployment
تدريبات|exercises
مناورات|manoeuvres
قاعدة|base
قواعد|bases
سفينة|ship
سفن|ships
ميناء|port
مطار|airport
رحلات|flights
شحنات|shipments
معبر|crossing
طريق|road
مدينة|city
مدن|cities
قرية|village
محافظة|province
عاصمة|capital
إقليم|region
ولاية|state
شعب|people
غذاء|food
مياه|water
وقود|fuel
أدوية|medicines
لقاح|vaccine
وباء|epidemic
فيروس|virus
صحة|health
تعليم|education
بطالة|unemployment
وظائف|jobs
عمال|workers
رواتب|salaries
ضرائب|taxes
إصلاحات|reforms
فساد|corruption
دستور|constitution
قاض|judge
اتهامات|charges
سجن|prison
مصرف|bank
بورصة|stock exchange
استراتيجية|strategy
اتفاقية|accord
تسريب|leak
وثائق|documents
كهرباء|electricity
مصنع|factory
إغاثة|relief
تظاهرات|demonstrations
دبلوماسيين|diplomats
مقابلة|interview
مكالمة|phone call
رد|response
قلق|concern
منحة|grant
قرض|loan
مناقصة|tender
جسر|bridge
بلدية|municipality
خلية|cell
خبير|expert
ملفات|files
هدف|goal
دبابات|tanks
ذخيرة|ammunition
طائرة|aircraft
صاروخ|missile
مقاتلين|fighters
جرحى|wounded
قتلى|dead
";

const ADJECTIVES: &str = "
أمريكي|US
روسي|Russian
دولي|international
إلكتروني|cyber
أمني|security
عسكري|military
اقتصادي|economic
سياسي|political
صيني|Chinese
إيراني|Iranian
جديد|new
رسمي|official
فرنسي|French
أوروبي|European
إسرائيلي|Israeli
فلسطيني|Palestinian
عربي|Arab
كبير|major
مالي|financial
نووي|nuclear
بريطاني|British
ألماني|German
سعودي|Saudi
مصري|Egyptian
تركي|Turkish
مشترك|joint
حكومي|government
خارجي|foreign
داخلي|domestic
رئيسي|main
سابق|former
حالي|current
مقبل|next
إقليمي|regional
استراتيجي|strategic
تجاري|trade
إنساني|humanitarian
دبلوماسي|diplomatic
سيبراني|cyber
رقمي|digital
خبيث|malicious
وطني|national
محلي|local
عام|general
خاص|special
واسع|wide
مباشر|direct
قوي|strong
ضخم|huge
خطير|serious
حاسم|decisive
فوري|immediate
مؤقت|temporary
شامل|comprehensive
ثنائي|bilateral
مدني|civilian
ديمقراطي|democratic
تاريخي|historic
أساسي|basic
إضافي|additional
محتمل|possible
واضح|clear
سريع|rapid
كامل|full
قانوني|legal
قضائي|judicial
برلماني|parliamentary
رئاسي|presidential
صحي|health
زراعي|agricultural
صناعي|industrial
بحري|maritime
جوي|air
حدودي|border
سنوي|annual
شهري|monthly
عالمي|global
غربي|Western
شمالي|northern
جنوبي|southern
شرقي|eastern
مستقل|independent
خليجي|Gulf
أوكراني|Ukrainian
سوري|Syrian
عراقي|Iraqi
لبناني|Lebanese
يمني|Yemeni
ليبي|Libyan
سوداني|Sudanese
جزائري|Algerian
مغربي|Moroccan
تونسي|Tunisian
أردني|Jordanian
قطري|Qatari
إماراتي|Emirati
كويتي|Kuwaiti
ياباني|Japanese
هندي|Indian
باكستاني|Pakistani
أفغاني|Afghan
كوري|Korean
";

/// Past tense, third person masculine singular (feminine: + ت).
const VERBS: &str = "
أعلن|announced
أكد|confirmed
اتهم|accused
فرض|imposed
رفض|rejected
وقع|signed
استهدف|targeted
شن|launched
هدد|threatened
دعا|called for
طالب|demanded
ناقش|discussed
بحث|discussed
التقى|met
زار|visited
استقبل|received
أدان|condemned
حذر|warned of
كشف|revealed
أطلق|launched
اخترق|breached
سرق|stole
عطل|disrupted
نشر|published
أصدر|issued
اعتقل|arrested
قتل|killed
نفى|denied
ارتفع|rose
انخفض|fell
تراجع|declined
سجل|recorded
بلغ|reached
تجاوز|exceeded
خفض|cut
رفع|raised
وافق|approved
أقر|passed
علق|suspended
استأنف|resumed
انسحب|withdrew from
دخل|entered
غادر|left
تعهد|pledged
قدم|submitted
أرسل|sent
تلقى|received
فتح|opened
أغلق|closed
منع|banned
سمح|allowed
طلب|requested
أوقف|halted
جدد|renewed
عزز|strengthened
انتقد|criticised
حمل|blamed
تبنى|claimed
نفذ|carried out
أحبط|foiled
رصد|detected
صادر|seized
أفرج|released
مدد|extended
أجل|postponed
عقد|held
افتتح|inaugurated
اختتم|concluded
أنهى|ended
بدأ|began
واصل|continued
شهد|saw
تسبب|caused
استخدم|used
طور|developed
أنشأ|set up
";

/// Present tense, third person masculine singular, for the future (سـ).
const PRESENT: &str = "
يزور|visit
يعقد|hold
يبحث|discuss
يفرض|impose
يوقع|sign
يناقش|discuss
يلتقي|meet
يستضيف|host
يشارك|take part in
يقدم|present
يطلق|launch
يعلن|announce
يستأنف|resume
يدرس|study
يرفع|raise
يخفض|cut
يتخذ|take
يرسل|send
يدعم|support
يراجع|review
";

/// Countries: (noun, adjective stem for "the X president").
const COUNTRIES: &str = "
الولايات المتحدة|the United States
روسيا|Russia
الصين|China
إيران|Iran
فرنسا|France
إسرائيل|Israel
أوكرانيا|Ukraine
بريطانيا|Britain
ألمانيا|Germany
السعودية|Saudi Arabia
مصر|Egypt
تركيا|Turkey
الإمارات|the UAE
قطر|Qatar
العراق|Iraq
سوريا|Syria
لبنان|Lebanon
الأردن|Jordan
اليمن|Yemen
ليبيا|Libya
تونس|Tunisia
الجزائر|Algeria
المغرب|Morocco
السودان|Sudan
اليابان|Japan
الهند|India
باكستان|Pakistan
أفغانستان|Afghanistan
كوريا الشمالية|North Korea
كوريا الجنوبية|South Korea
الكويت|Kuwait
البحرين|Bahrain
سلطنة عمان|Oman
إثيوبيا|Ethiopia
الصومال|Somalia
إيطاليا|Italy
إسبانيا|Spain
كندا|Canada
البرازيل|Brazil
بولندا|Poland
";

const CITIES: &str = "
واشنطن|Washington
موسكو|Moscow
بكين|Beijing
طهران|Tehran
باريس|Paris
لندن|London
برلين|Berlin
القاهرة|Cairo
الرياض|Riyadh
دبي|Dubai
أبوظبي|Abu Dhabi
الدوحة|Doha
أنقرة|Ankara
إسطنبول|Istanbul
بغداد|Baghdad
دمشق|Damascus
بيروت|Beirut
عمان|Amman
صنعاء|Sanaa
طرابلس|Tripoli
الرباط|Rabat
الخرطوم|Khartoum
كييف|Kyiv
طوكيو|Tokyo
نيودلهي|New Delhi
كابول|Kabul
جنيف|Geneva
فيينا|Vienna
بروكسل|Brussels
نيويورك|New York
القدس|Jerusalem
غزة|Gaza
رام الله|Ramallah
حلب|Aleppo
الموصل|Mosul
البصرة|Basra
عدن|Aden
بنغازي|Benghazi
مأرب|Marib
أربيل|Erbil
الجزائر العاصمة|Algiers
الكويت العاصمة|Kuwait City
المنامة|Manama
مسقط|Muscat
أديس أبابا|Addis Ababa
";

const PERSONS: &str = "
جو بايدن|Joe Biden
فلاديمير بوتين|Vladimir Putin
إيمانويل ماكرون|Emmanuel Macron
شي جينبينغ|Xi Jinping
رجب طيب أردوغان|Recep Tayyip Erdogan
فولوديمير زيلينسكي|Volodymyr Zelensky
أنتوني بلينكن|Antony Blinken
سيرغي لافروف|Sergei Lavrov
أنطونيو غوتيريش|Antonio Guterres
بنيامين نتنياهو|Benjamin Netanyahu
عبد الفتاح السيسي|Abdel Fattah al-Sisi
محمد بن سلمان|Mohammed bin Salman
إبراهيم رئيسي|Ebrahim Raisi
أولاف شولتس|Olaf Scholz
بوريس جونسون|Boris Johnson
جيك سوليفان|Jake Sullivan
كامالا هاريس|Kamala Harris
لويد أوستن|Lloyd Austin
جوزيب بوريل|Josep Borrell
ينس ستولتنبرغ|Jens Stoltenberg
محمود عباس|Mahmoud Abbas
نجيب ميقاتي|Najib Mikati
مصطفى الكاظمي|Mustafa al-Kadhimi
تميم بن حمد|Tamim bin Hamad
أحمد أبو الغيط|Ahmed Aboul Gheit
ديمتري بيسكوف|Dmitry Peskov
نيد برايس|Ned Price
جين ساكي|Jen Psaki
كريستين لاغارد|Christine Lagarde
أحمد حسن|Ahmed Hassan
محمد علي|Mohammed Ali
سامي الخطيب|Sami al-Khatib
فاطمة الزهراء|Fatima al-Zahraa
عمر عبد الرحمن|Omar Abdel Rahman
ليلى منصور|Laila Mansour
يوسف العمري|Youssef al-Omari
حسين الموسوي|Hussein al-Moussawi
رامي خوري|Rami Khoury
نادية سعيد|Nadia Said
خالد الزعبي|Khaled al-Zoubi
";

/// Surnames that stand alone in wire copy (and take clitics: لبايدن).
const NAMES: &str = "
بايدن|Biden
بوتين|Putin
ماكرون|Macron
أردوغان|Erdogan
زيلينسكي|Zelensky
بلينكن|Blinken
لافروف|Lavrov
غوتيريش|Guterres
نتنياهو|Netanyahu
السيسي|Sisi
شولتس|Scholz
رئيسي|Raisi
عباس|Abbas
سوليفان|Sullivan
بوريل|Borrell
";

const TITLES: &str = "
الرئيس|President
رئيس الوزراء|Prime Minister
وزير الخارجية|Foreign Minister
وزير الدفاع|Defence Minister
وزير المالية|Finance Minister
وزير الداخلية|Interior Minister
مستشار الأمن القومي|National Security Adviser
الأمين العام|Secretary-General
السفير|Ambassador
قائد الجيش|army chief
";

const ORGS: &str = "
وزارة الخارجية|the Foreign Ministry
الأمم المتحدة|the United Nations
البيت الأبيض|the White House
الكرملين|the Kremlin
وزارة الدفاع|the Defence Ministry
الاتحاد الأوروبي|the European Union
مجلس الأمن الدولي|the UN Security Council
حلف شمال الأطلسي|NATO
وزارة الداخلية|the Interior Ministry
البنك المركزي|the central bank
صندوق النقد الدولي|the IMF
البنك الدولي|the World Bank
جامعة الدول العربية|the Arab League
البنتاغون|the Pentagon
مكتب التحقيقات الفدرالي|the FBI
وكالة الأمن القومي|the NSA
منظمة الصحة العالمية|the WHO
منظمة أوبك|OPEC
الوكالة الدولية للطاقة الذرية|the IAEA
مجلس الوزراء|the cabinet
وزارة المالية|the Finance Ministry
وزارة العدل|the Justice Ministry
المفوضية الأوروبية|the European Commission
مجلس التعاون الخليجي|the GCC
الصليب الأحمر|the Red Cross
منظمة العفو الدولية|Amnesty International
وكالة الأمن السيبراني|the cybersecurity agency
شركة مايكروسوفت|Microsoft
شركة غوغل|Google
شركة أرامكو|Aramco
";

const AGENCIES: &str = "
فرانس برس|AFP
رويترز|Reuters
أسوشيتد برس|AP
الأنباء الرسمية|the state news agency
الأناضول|Anadolu
تاس|TASS
";

/// Multi-word terms, definite.
const TERMS: &str = "
الأمن السيبراني|cybersecurity
برمجيات الفدية|ransomware
الهجمات الإلكترونية|cyberattacks
وقف إطلاق النار|the ceasefire
البنية التحتية|infrastructure
حقوق الإنسان|human rights
أسعار النفط|oil prices
البرنامج النووي|the nuclear programme
الشرق الأوسط|the Middle East
المجتمع الدولي|the international community
سعر الفائدة|the interest rate
الناتج المحلي الإجمالي|GDP
الطائرات المسيرة|drones
سلاسل الإمداد|supply chains
العملات المشفرة|cryptocurrencies
البريد الإلكتروني|email
كلمات المرور|passwords
الذكاء الاصطناعي|artificial intelligence
قطاع الطاقة|the energy sector
المساعدات الإنسانية|humanitarian aid
الأسلحة الكيميائية|chemical weapons
مجلس النواب|the House of Representatives
الانتخابات الرئاسية|the presidential election
الرأي العام|public opinion
سوق الأسهم|the stock market
";

const TIMES: &str = "
أمس|yesterday
اليوم|today
الأسبوع الماضي|last week
الأسبوع المقبل|next week
الشهر الماضي|last month
الشهر المقبل|next month
العام الماضي|last year
العام المقبل|next year
يوم الاثنين|on Monday
يوم الثلاثاء|on Tuesday
يوم الأربعاء|on Wednesday
يوم الخميس|on Thursday
يوم الجمعة|on Friday
يوم السبت|on Saturday
مساء الأحد|on Sunday evening
صباح الاثنين|on Monday morning
في وقت سابق|earlier
في وقت لاحق|later
خلال الساعات الماضية|in recent hours
";

const MONTHS: &str = "
يناير|January
فبراير|February
مارس|March
أبريل|April
مايو|May
يونيو|June
يوليو|July
أغسطس|August
سبتمبر|September
أكتوبر|October
نوفمبر|November
ديسمبر|December
";

/// Prepositions before a noun phrase.
const PREPOSITIONS: &str = "
في|in
على|on
من|from
إلى|to
مع|with
عن|about
ضد|against
خلال|during
بعد|after
قبل|before
حول|over
بين|between
عبر|through
لدى|at
منذ|since
أمام|before
دون|without
وسط|amid
بسبب|because of
إثر|following
نحو|towards
";

/// What joins two clauses.
const CONNECTORS: &str = "
كما|also
في حين|while
مشيرا إلى أن|noting that
بعد أن|after
إلا أن|but
حيث|where
لكن|but
إذ|as
ما أدى إلى أن|so that
في إطار|as part of
على أن|provided that
غير أن|however
";

/// Counted nouns after a number.
const COUNTERS: &str = "
شخصا|people
شركة|companies
دولار|dollars
مليون دولار|million dollars
مليار دولار|billion dollars
خادم|servers
جنديا|soldiers
مدنيا|civilians
يوما|days
ساعة|hours
دولة|countries
موظفا|employees
حسابا|accounts
برميل|barrels
كيلومترا|kilometres
";

// ---------------------------------------------------------------------------
// Generator.

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A list of (Arabic, English) picked with Zipf-like frequencies by position.
struct List {
    items: Vec<(&'static str, &'static str)>,
    cdf: Vec<f64>,
}

impl List {
    fn new(source: &'static str, exponent: f64) -> List {
        let items: Vec<(&str, &str)> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.split_once('|').expect("ar|en"))
            .collect();
        let mut total = 0.0;
        let mut cdf = Vec::with_capacity(items.len());
        for rank in 0..items.len() {
            total += 1.0 / (rank as f64 + 3.0).powf(exponent);
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        List { items, cdf }
    }

    fn pick(&self, rng: &mut Rng) -> (&'static str, &'static str) {
        let u = rng.unit();
        let at = self
            .cdf
            .partition_point(|&c| c < u)
            .min(self.items.len() - 1);
        self.items[at]
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

struct Vocabulary {
    nouns: List,
    adjectives: List,
    verbs: List,
    present: List,
    countries: List,
    cities: List,
    persons: List,
    names: List,
    titles: List,
    orgs: List,
    agencies: List,
    terms: List,
    times: List,
    months: List,
    prepositions: List,
    connectors: List,
    counters: List,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        Vocabulary {
            nouns: List::new(NOUNS, 0.9),
            adjectives: List::new(ADJECTIVES, 0.9),
            verbs: List::new(VERBS, 0.9),
            present: List::new(PRESENT, 0.8),
            countries: List::new(COUNTRIES, 1.0),
            cities: List::new(CITIES, 1.0),
            persons: List::new(PERSONS, 0.9),
            names: List::new(NAMES, 0.9),
            titles: List::new(TITLES, 0.9),
            orgs: List::new(ORGS, 0.9),
            agencies: List::new(AGENCIES, 1.0),
            terms: List::new(TERMS, 0.8),
            times: List::new(TIMES, 0.8),
            months: List::new(MONTHS, 0.2),
            prepositions: List::new(PREPOSITIONS, 1.1),
            connectors: List::new(CONNECTORS, 1.0),
            counters: List::new(COUNTERS, 0.8),
        }
    }

    fn word_count(&self) -> usize {
        [
            &self.nouns,
            &self.adjectives,
            &self.verbs,
            &self.present,
            &self.countries,
            &self.cities,
            &self.persons,
            &self.names,
            &self.titles,
            &self.orgs,
            &self.agencies,
            &self.terms,
            &self.times,
            &self.months,
            &self.prepositions,
            &self.connectors,
            &self.counters,
        ]
        .iter()
        .map(|l| l.len())
        .sum()
    }
}

/// A sentence being built, Arabic and English side by side.
#[derive(Default)]
struct Sentence {
    ar: String,
    en: String,
    words: usize,
}

impl Sentence {
    fn ar(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.ar.is_empty() {
            self.ar.push(' ');
        }
        self.ar.push_str(text);
        self.words += text.split(' ').count();
    }
    fn en(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.en.is_empty() {
            self.en.push(' ');
        }
        self.en.push_str(text);
    }
    fn both(&mut self, ar: &str, en: &str) {
        self.ar(ar);
        self.en(en);
    }
}

/// A proclitic written onto a word: ل + الحكومة is للحكومة.
fn attach(prefix: &str, word: &str) -> String {
    if prefix.ends_with('ل') && word.starts_with("ال") {
        format!("{prefix}ل{}", &word["ال".len()..])
    } else {
        format!("{prefix}{word}")
    }
}

fn feminine(word: &str) -> bool {
    word.ends_with('ة') || word.ends_with("ات")
}

/// The adjective agreeing with `noun`.
fn agree(adjective: &str, noun: &str) -> String {
    if noun.ends_with("ين") || noun.ends_with("ون") {
        format!("{adjective}ين")
    } else if feminine(noun) {
        format!("{adjective}ة")
    } else {
        adjective.to_owned()
    }
}

const ARABIC_INDIC: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

/// Writes `value` in ASCII or Arabic-Indic digits, with a thousands
/// separator when `grouped`.
fn digits(value: u64, indic: bool, grouped: bool) -> String {
    let plain = value.to_string();
    let mut out = String::new();
    for (k, c) in plain.chars().enumerate() {
        if grouped && k > 0 && (plain.len() - k).is_multiple_of(3) {
            out.push(if indic { '٬' } else { ',' });
        }
        out.push(if indic {
            ARABIC_INDIC[c.to_digit(10).unwrap_or(0) as usize]
        } else {
            c
        });
    }
    out
}

fn english_number(value: u64) -> String {
    digits(value, false, value >= 10_000)
}

/// Arabic wire-copy sentences and a parallel English, in documents.
struct Generator {
    rng: Rng,
    v: Vocabulary,
    /// Sentences left in the current document.
    left: usize,
    previous: String,
    document: u64,
    made: u64,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng(seed),
            v: Vocabulary::new(),
            left: 0,
            previous: String::new(),
            document: 0,
            made: 0,
        }
    }

    /// Words in the next sentence: log-normal around 20, 8–45.
    fn length(&mut self) -> usize {
        let z = ((0..4).map(|_| self.rng.unit()).sum::<f64>() - 2.0) * 3f64.sqrt();
        ((20.0 * (0.45 * z).exp()).round() as usize).clamp(8, 45)
    }

    fn number(&mut self, s: &mut Sentence) {
        let indic = self.rng.chance(0.4);
        match self.rng.below(10) {
            0..=2 => {
                let n = 2 + self.rng.below(98) as u64;
                let (ar, en) = self.v.counters.pick(&mut self.rng);
                s.both(&digits(n, indic, false), &n.to_string());
                s.both(ar, en);
            }
            3 | 4 => {
                let n = 1000 + 250 * self.rng.below(400) as u64;
                let (ar, en) = self.v.counters.pick(&mut self.rng);
                s.both(&digits(n, indic, self.rng.chance(0.7)), &english_number(n));
                s.both(ar, en);
            }
            5 => {
                let whole = 1 + self.rng.below(60);
                let tenth = self.rng.below(10);
                let (dot, sep) = if indic {
                    ('٫', ARABIC_INDIC)
                } else {
                    ('.', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                };
                let ar = format!("{}{dot}{}", digits(whole as u64, indic, false), sep[tenth]);
                s.both("بنسبة", "by");
                s.both(&ar, &format!("{whole}.{tenth}"));
                s.both("في المئة", "percent");
            }
            6..=8 => {
                let year = 2010 + self.rng.below(16) as u64;
                let (ar, en) = self.v.months.pick(&mut self.rng);
                s.both("في", "in");
                s.both(ar, en);
                s.both(&digits(year, indic, false), &year.to_string());
            }
            _ => {
                let year = 2000 + self.rng.below(26) as u64;
                let (ar, en) = if self.rng.chance(0.5) {
                    ("منذ عام", "since")
                } else {
                    ("عام", "in")
                };
                s.both(ar, en);
                s.both(&digits(year, indic, false), &year.to_string());
            }
        }
    }

    /// A noun phrase, with `prefix` (و، ب، ل…) written onto its first word.
    /// Returns whether it is feminine (for the verb).
    fn noun_phrase(&mut self, s: &mut Sentence, definite: bool, prefix: &str) -> bool {
        let r = self.rng.below(100);
        let (first, en, feminine_np): (String, String, bool) = if r < 8 {
            let (ar, en) = self.v.countries.pick(&mut self.rng);
            (ar.to_owned(), en.to_owned(), true)
        } else if r < 15 {
            let (ar, en) = self.v.orgs.pick(&mut self.rng);
            (
                ar.to_owned(),
                en.to_owned(),
                feminine(ar.split(' ').next().unwrap_or(ar)),
            )
        } else if r < 22 {
            let (ar, en) = self.v.terms.pick(&mut self.rng);
            (ar.to_owned(), en.to_owned(), false)
        } else if r < 27 {
            let (ar, en) = self.v.names.pick(&mut self.rng);
            (ar.to_owned(), en.to_owned(), false)
        } else {
            let (mut noun, noun_en) = self.v.nouns.pick(&mut self.rng);
            let mut noun_en = noun_en.to_owned();
            let owned_noun;
            if noun.ends_with('ة') && self.rng.chance(0.15) {
                // A sound feminine plural: شركة → شركات.
                owned_noun = format!("{}ات", noun.trim_end_matches('ة'));
                noun = &owned_noun;
                noun_en = match noun_en.strip_suffix('y') {
                    Some(stem) => format!("{stem}ies"),
                    None => noun_en + "s",
                };
            }
            let mut ar = String::new();
            let mut en = String::new();
            if self.rng.chance(0.25) {
                // Idafa: وزير الخارجية, أسعار الطاقة.
                let (second, second_en) = self.v.nouns.pick(&mut self.rng);
                ar.push_str(noun);
                ar.push(' ');
                ar.push_str(&format!("ال{second}"));
                en.push_str(&format!("the {noun_en} of the {second_en}"));
                if self.rng.chance(0.3) {
                    let (adj, adj_en) = self.v.adjectives.pick(&mut self.rng);
                    ar.push_str(&format!(" ال{}", agree(adj, second)));
                    en = format!("the {noun_en} of the {adj_en} {second_en}");
                }
            } else if !definite && self.rng.chance(0.12) {
                // A pronoun suffix: حكومته، خوادمها.
                let (suffix, owner) = [
                    ("ه", "its"),
                    ("ها", "its"),
                    ("هم", "their"),
                    ("هما", "their"),
                ][self.rng.below(4)];
                let stem = noun
                    .strip_suffix('ة')
                    .map_or_else(|| noun.to_owned(), |s| format!("{s}ت"));
                ar.push_str(&stem);
                ar.push_str(suffix);
                en.push_str(&format!("{owner} {noun_en}"));
            } else {
                let article = if definite { "ال" } else { "" };
                ar.push_str(&format!("{article}{noun}"));
                if self.rng.chance(0.55) {
                    let (adj, adj_en) = self.v.adjectives.pick(&mut self.rng);
                    ar.push_str(&format!(" {article}{}", agree(adj, noun)));
                    if self.rng.chance(0.15) {
                        let (adj2, adj2_en) = self.v.adjectives.pick(&mut self.rng);
                        ar.push_str(&format!(" {article}{}", agree(adj2, noun)));
                        en.push_str(&format!("the {adj2_en} {adj_en} {noun_en}"));
                    } else {
                        en.push_str(&format!("the {adj_en} {noun_en}"));
                    }
                } else {
                    en.push_str(&format!("the {noun_en}"));
                }
            }
            let fem = feminine(noun);
            (ar, en, fem)
        };
        s.both(&attach(prefix, &first), &en);
        feminine_np
    }

    /// Who speaks in the reporting frame.
    fn speaker(&mut self, s: &mut Sentence) -> bool {
        match self.rng.below(10) {
            0..=3 => {
                let (title, title_en) = self.v.titles.pick(&mut self.rng);
                let (country, country_en) = self.v.adjectives.items[self.rng.below(30)];
                let (person, person_en) = self.v.persons.pick(&mut self.rng);
                let adjective = if title.contains(' ') { "" } else { country };
                if adjective.is_empty() {
                    s.both(
                        &format!("{title} {person}"),
                        &format!("{title_en} {person_en}"),
                    );
                } else {
                    s.both(
                        &format!("{title} ال{adjective} {person}"),
                        &format!("{country_en} {title_en} {person_en}"),
                    );
                }
                false
            }
            4 | 5 => {
                let (org, org_en) = self.v.orgs.pick(&mut self.rng);
                s.both(
                    &format!("المتحدث باسم {org}"),
                    &format!("a spokesman for {org_en}"),
                );
                false
            }
            6 | 7 => {
                let (org, org_en) = self.v.orgs.pick(&mut self.rng);
                s.both(org, org_en);
                feminine(org.split(' ').next().unwrap_or(org))
            }
            _ => {
                let (adj, adj_en) = self.v.adjectives.items[self.rng.below(12)];
                let (head, head_en) = if self.rng.chance(0.5) {
                    ("مصدر", "source")
                } else {
                    ("مسؤول", "official")
                };
                s.both(&format!("{head} {adj}"), &format!("a {adj_en} {head_en}"));
                if self.rng.chance(0.4) {
                    s.both("كبير", "senior");
                }
                false
            }
        }
    }

    /// The reporting frame: وقال … في بيان إن.
    fn frame(&mut self, s: &mut Sentence) {
        let and = if self.rng.chance(0.7) { "و" } else { "" };
        match self.rng.below(9) {
            0 | 1 => {
                let mut speaker = Sentence::default();
                let fem = self.speaker(&mut speaker);
                s.ar(&format!("{and}{}", if fem { "قالت" } else { "قال" }));
                s.both(&speaker.ar, &speaker.en);
                s.both("في بيان إن", "said in a statement that");
            }
            2 => {
                let mut speaker = Sentence::default();
                let fem = self.speaker(&mut speaker);
                s.ar(&format!("{and}{}", if fem { "قالت" } else { "قال" }));
                s.both(&speaker.ar, &speaker.en);
                s.both("إن", "said");
            }
            3 => {
                s.both(&format!("{and}أضاف"), "he added");
                s.ar("أن");
            }
            4 => {
                let mut speaker = Sentence::default();
                let fem = self.speaker(&mut speaker);
                s.ar(&format!("{and}{}", if fem { "أكدت" } else { "أكد" }));
                s.both(&speaker.ar, &speaker.en);
                s.both("أن", "stressed that");
            }
            5 => {
                let mut speaker = Sentence::default();
                let fem = self.speaker(&mut speaker);
                let (time, time_en) = self.v.times.pick(&mut self.rng);
                s.ar(&format!("{and}{}", if fem { "أعلنت" } else { "أعلن" }));
                s.both(&speaker.ar, &speaker.en);
                s.both(time, &format!("announced {time_en}"));
                s.both("أن", "that");
            }
            6 => {
                let (agency, agency_en) = self.v.agencies.pick(&mut self.rng);
                s.both(&format!("{and}ذكرت وكالة {agency}"), agency_en);
                s.both("أن", "reported that");
            }
            7 => {
                let mut speaker = Sentence::default();
                let fem = self.speaker(&mut speaker);
                s.ar(&format!("{and}{}", if fem { "قالت" } else { "قال" }));
                s.both(&speaker.ar, &speaker.en);
                s.both("للصحافيين إن", "told reporters that");
            }
            _ => {
                let (agency, agency_en) = self.v.agencies.pick(&mut self.rng);
                let mut speaker = Sentence::default();
                self.speaker(&mut speaker);
                s.both(&format!("{and}نقلت وكالة {agency} عن"), agency_en);
                s.both(&speaker.ar, &format!("quoted {}", speaker.en));
                s.both("قوله إن", "as saying that");
            }
        }
    }

    /// A verb, written for a feminine subject when `fem`.
    fn verb(&mut self, s: &mut Sentence, fem: bool, prefix: &str) {
        if self.rng.chance(0.15) {
            let (verb, en) = self.v.present.pick(&mut self.rng);
            let stem = &verb["ي".len()..];
            let person = if fem { "ت" } else { "ي" };
            s.both(&format!("{prefix}س{person}{stem}"), &format!("will {en}"));
            return;
        }
        let (verb, en) = self.v.verbs.pick(&mut self.rng);
        let written = if !fem {
            verb.to_owned()
        } else if let Some(stem) = verb.strip_suffix('ى').or_else(|| verb.strip_suffix('ا')) {
            format!("{stem}ت")
        } else {
            format!("{verb}ت")
        };
        s.both(&attach(prefix, &written), en);
    }

    /// A prepositional phrase, a place, a time or a number.
    fn adjunct(&mut self, s: &mut Sentence) {
        match self.rng.below(12) {
            0..=5 => {
                let (prep, en) = self.v.prepositions.pick(&mut self.rng);
                s.en(en);
                let definite = self.rng.chance(0.7);
                if self.rng.chance(0.2) {
                    // Attached: بالهجوم، للحكومة.
                    let prefix = if self.rng.chance(0.5) { "ب" } else { "ل" };
                    self.noun_phrase(s, definite, prefix);
                } else {
                    s.ar(prep);
                    self.noun_phrase(s, definite, "");
                }
            }
            6 | 7 => {
                let (city, en) = self.v.cities.pick(&mut self.rng);
                s.both("في", "in");
                s.both(city, en);
            }
            8 => {
                let (time, en) = self.v.times.pick(&mut self.rng);
                s.both(time, en);
            }
            _ => self.number(s),
        }
    }

    fn clause(&mut self, s: &mut Sentence, after_frame: bool, conjunction: &str) {
        if after_frame || self.rng.chance(0.35) {
            // Subject first (after إن/أن: الحكومة فرضت…).
            let fem = self.noun_phrase(s, true, conjunction);
            self.verb(s, fem, "");
        } else {
            // Verb first: وفرضت الحكومة…
            let mut subject = Sentence::default();
            let fem = self.noun_phrase(&mut subject, true, "");
            self.verb(s, fem, conjunction);
            s.both(&subject.ar, &subject.en);
        }
        let definite = self.rng.chance(0.6);
        self.noun_phrase(s, definite, "");
        for _ in 0..self.rng.below(3) {
            self.adjunct(s);
        }
    }

    /// Drops a hamza now and then, as wire copy does (أعلن/اعلن, إلى/الى).
    fn respell(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (k, word) in text.split(' ').enumerate() {
            if k > 0 {
                out.push(' ');
            }
            if self.rng.chance(0.04) && (word.contains('أ') || word.contains('إ')) {
                out.push_str(&word.replace(['أ', 'إ'], "ا"));
            } else if self.rng.chance(0.3) && word.contains("أمريك") {
                out.push_str(&word.replace("أمريك", "أميرك"));
            } else {
                out.push_str(word);
            }
        }
        out
    }

    fn sentence(&mut self) -> (String, String) {
        let target = self.length();
        let mut s = Sentence::default();
        let framed = self.rng.chance(0.55);
        if framed {
            self.frame(&mut s);
        }
        let conjunction = if framed {
            ""
        } else {
            ["", "", "و"][self.rng.below(3)]
        };
        self.clause(&mut s, framed, conjunction);
        while s.words + 3 < target {
            if self.rng.chance(0.45) {
                let (ar, en) = self.v.connectors.pick(&mut self.rng);
                s.both(ar, en);
                self.clause(&mut s, true, "");
            } else if self.rng.chance(0.5) {
                s.en("and");
                self.clause(&mut s, false, "و");
            } else {
                self.adjunct(&mut s);
            }
        }
        let mut words: Vec<&str> = s.ar.split(' ').collect();
        words.truncate(45);
        let ar = self.respell(&words.join(" "));
        let mut en = s.en;
        if let Some(first) = en.get(..1) {
            en = first.to_uppercase() + &en[1..];
        }
        (format!("{ar}."), format!("{en}."))
    }

    fn unit(&mut self) -> Unit {
        if self.left == 0 {
            self.left = 6 + self.rng.below(25);
            self.previous.clear();
            self.document += 1;
        }
        self.left -= 1;
        let (source, target) = self.sentence();
        let time = 1_600_000_000 + self.made as i64 * 53;
        const AUTHORS: [&str; 6] = ["amal", "karim", "salma", "tariq", "huda", "nabil"];
        let unit = Unit {
            source: source.clone(),
            target,
            created: time,
            changed: time,
            author: AUTHORS[(self.document % 6) as usize].to_owned(),
            project: format!("wire-{}", 2020 + self.document / 20_000),
            file: format!("story-{}.txt", self.document),
            status: if self.document.is_multiple_of(5) {
                UnitStatus::Reviewed
            } else {
                UnitStatus::Translated
            },
            previous: Some(std::mem::replace(&mut self.previous, source)),
            ..Unit::default()
        };
        self.made += 1;
        unit
    }
}

// ---------------------------------------------------------------------------
// Helpers.

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn proc_status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn wal_of(path: &Path) -> PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn bench_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TARJUMAN_BENCH_TM_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    // target/release/deps/tm-… → target/tm-bench
    let exe = std::env::current_exe().expect("own path");
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(|| PathBuf::from("target"), Path::to_owned);
    target.join("tm-bench")
}

fn tm_path(size: usize) -> PathBuf {
    bench_dir().join(format!("tm-v{GENERATOR_VERSION}-{size}.tmdb"))
}

/// `key value` lines a child prints, after a `RESULT` marker.
fn run_child(args: &[&str]) -> HashMap<String, String> {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .arg("--tm-child")
        .args(args)
        .output()
        .expect("run the bench again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        panic!(
            "child {args:?} failed: {}\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut out = HashMap::new();
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("RESULT ")
            && let Some((k, v)) = rest.split_once(' ')
        {
            out.insert(k.to_owned(), v.to_owned());
        }
    }
    out
}

fn num(map: &HashMap<String, String>, key: &str) -> f64 {
    map.get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------
// Children.

/// Builds the TM of `size` units at `path`, one import, one transaction.
fn child_build(path: &Path, size: usize) {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(wal_of(path));
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    let _ = std::fs::remove_file(PathBuf::from(shm));
    let mut tm = SqliteTm::open(path).expect("create the TM");
    let mut generator = Generator::new(TM_SEED);
    let mut generating = Duration::ZERO;
    let mut source_bytes = 0u64;
    let mut items = (0..size).map(|_| {
        let started = Instant::now();
        let unit = generator.unit();
        generating += started.elapsed();
        source_bytes += (unit.source.len() + unit.target.len()) as u64;
        Ok::<_, TmError>(ImportItem::Unit(Box::new(unit)))
    });
    let progress = Progress::default();
    let started = Instant::now();
    let report = tm.import(&mut items, &progress).expect("import");
    let total = started.elapsed();
    drop(items);
    let with_wal = file_size(path) + file_size(&wal_of(path));
    let stats_size = tm.stats().map(|s| s.size_bytes).unwrap_or(0);
    let peak = proc_status("VmHWM");
    drop(tm);
    let closed = file_size(path) + file_size(&wal_of(path));
    let import = total.saturating_sub(generating);
    println!("RESULT units {}", report.imported);
    println!("RESULT merged {}", report.merged);
    println!("RESULT text_bytes {source_bytes}");
    println!("RESULT generate_s {:.3}", generating.as_secs_f64());
    println!("RESULT import_s {:.3}", import.as_secs_f64());
    println!("RESULT total_s {:.3}", total.as_secs_f64());
    println!(
        "RESULT units_per_s {:.0}",
        size as f64 / import.as_secs_f64()
    );
    println!("RESULT size_open {with_wal}");
    println!("RESULT size_stats {stats_size}");
    println!("RESULT size_closed {closed}");
    println!("RESULT import_hwm_kb {peak}");
}

/// Opens the TM in this fresh process: open, first stats, first lookup.
fn child_open(path: &Path) {
    let query = Generator::new(NEW_SEED ^ 0x55).sentence().0;
    let started = Instant::now();
    let tm = SqliteTm::open(path).expect("open");
    let opened = started.elapsed();
    let stats = tm.stats().expect("stats");
    let with_stats = started.elapsed();
    let stores = [&tm as &dyn TmStore];
    let found = lookup(&stores, &Query::new(&query), &Lexicon::default(), 50, 5).expect("lookup");
    let with_lookup = started.elapsed();
    println!("RESULT open_ms {:.2}", ms(opened));
    println!("RESULT stats_ms {:.2}", ms(with_stats - opened));
    println!("RESULT first_lookup_ms {:.2}", ms(with_lookup - with_stats));
    println!("RESULT open_stats_ms {:.2}", ms(with_stats));
    println!(
        "RESULT open_lookup_ms {:.2}",
        ms(opened + (with_lookup - with_stats))
    );
    println!("RESULT units {}", stats.units);
    println!("RESULT found {}", found.len());
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Clitic,
    Spelling,
    Number,
    Word,
    New,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Clitic => "clitic",
            Kind::Spelling => "spelling",
            Kind::Number => "number",
            Kind::Word => "word",
            Kind::New => "new",
        }
    }
}

struct TestQuery {
    kind: Kind,
    source: String,
    previous: String,
    /// The unit it was made from (near copies).
    from: Option<Unit>,
}

fn is_arabic_word(word: &str) -> bool {
    word.chars().count() >= 3 && word.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

fn is_number(word: &str) -> bool {
    word.chars()
        .any(|c| c.is_ascii_digit() || ARABIC_INDIC.contains(&c))
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || ARABIC_INDIC.contains(&c) || ",.٬٫".contains(c))
}

/// `words` with word `k` replaced.
fn with_word(words: &[&str], k: usize, new: &str) -> String {
    let mut out: Vec<&str> = words.to_vec();
    out[k] = new;
    out.join(" ")
}

/// A near copy of `source` of `kind`, or `None` when it has no place for one.
fn near_copy(source: &str, kind: Kind, rng: &mut Rng, v: &Vocabulary) -> Option<String> {
    let words: Vec<&str> = source.split(' ').collect();
    let pick = |rng: &mut Rng, ok: &dyn Fn(&str) -> bool| -> Option<usize> {
        let places: Vec<usize> = (0..words.len()).filter(|&k| ok(words[k])).collect();
        (!places.is_empty()).then(|| places[rng.below(places.len())])
    };
    match kind {
        Kind::Clitic => {
            let k = pick(rng, &|w| is_arabic_word(w) && w.chars().count() >= 4)?;
            let w = words[k];
            let new = if let Some(rest) = w.strip_prefix('و').filter(|r| r.chars().count() >= 3) {
                rest.to_owned()
            } else if w.starts_with("ال") {
                attach(["و", "ب", "ل"][rng.below(3)], w)
            } else {
                format!("و{w}")
            };
            Some(with_word(&words, k, &new))
        }
        Kind::Spelling => {
            let k = pick(rng, &|w| {
                w.contains(['أ', 'إ', 'آ']) || w.ends_with('ى') || w.ends_with('ة')
            })?;
            let w = words[k];
            let new = if w.contains(['أ', 'إ', 'آ']) {
                w.replace(['أ', 'إ', 'آ'], "ا")
            } else if let Some(stem) = w.strip_suffix('ى') {
                format!("{stem}ي")
            } else {
                format!("{}ه", w.trim_end_matches('ة'))
            };
            Some(with_word(&words, k, &new))
        }
        Kind::Number => {
            let k = pick(rng, &|w| is_number(w))?;
            let w = words[k];
            let (at, c) = w
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_ascii_digit() || ARABIC_INDIC.contains(c))?;
            let new_c = if c.is_ascii_digit() {
                char::from(b'0' + (c as u8 - b'0' + 1) % 10)
            } else {
                let d = ARABIC_INDIC.iter().position(|&a| a == c).unwrap_or(0);
                ARABIC_INDIC[(d + 1) % 10]
            };
            let new = format!("{}{new_c}{}", &w[..at], &w[at + c.len_utf8()..]);
            Some(with_word(&words, k, &new))
        }
        Kind::Word => {
            let k = pick(rng, &|w| {
                is_arabic_word(w)
                    && w.chars().count() >= 4
                    && tarjuman::tm::text::weight_of(&tarjuman::arabic::normalize(w)) >= 1.0
            })?;
            let (noun, _) = v.nouns.items[rng.below(v.nouns.len())];
            let new = if words[k].starts_with("ال") {
                format!("ال{noun}")
            } else {
                noun.to_owned()
            };
            (new != words[k]).then(|| with_word(&words, k, &new))
        }
        Kind::New => None,
    }
}

/// About 300 queries: 50 near copies of TM units of each of four kinds,
/// and 100 new sentences of the same vocabulary.
fn query_set(tm: &SqliteTm, units: u64) -> Vec<TestQuery> {
    let mut rng = Rng(QUERY_SEED ^ units);
    let v = Vocabulary::new();
    let mut out = Vec::new();
    for kind in [Kind::Clitic, Kind::Spelling, Kind::Number, Kind::Word] {
        let mut made = 0;
        let mut tries = 0;
        while made < 50 && tries < 10_000 {
            tries += 1;
            let id = 1 + rng.below(units as usize) as i64;
            let Some(unit) = tm.get(id).expect("get") else {
                continue;
            };
            let Some(source) = near_copy(&unit.source, kind, &mut rng, &v) else {
                continue;
            };
            out.push(TestQuery {
                kind,
                source,
                previous: unit.previous.clone().unwrap_or_default(),
                from: Some(unit),
            });
            made += 1;
        }
    }
    let mut fresh = Generator::new(NEW_SEED);
    for _ in 0..100 {
        let unit = fresh.unit();
        out.push(TestQuery {
            kind: Kind::New,
            source: unit.source,
            previous: unit.previous.unwrap_or_default(),
            from: None,
        });
    }
    out
}

/// Lookups of the query set, `runs` passes; latency, quality, peak memory.
fn child_lookup(path: &Path, runs: usize) {
    let tm = SqliteTm::open(path).expect("open");
    let units = tm.stats().expect("stats").units;
    let queries = query_set(&tm, units);
    let stores = [&tm as &dyn TmStore];
    let lexicon = Lexicon::default();
    let mut best = vec![f64::INFINITY; queries.len()];
    let mut first_pass = Vec::new();
    let mut rank1: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut found_any = 0;
    let mut top_scores = Vec::new();
    // A digest of every match of the first pass (unit, score, order), to
    // tell whether a change to the store changed any result.
    let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
    for pass in 0..runs.max(1) {
        for (k, q) in queries.iter().enumerate() {
            let query = Query::with_previous(&q.source, &q.previous);
            let started = Instant::now();
            let matches = lookup(&stores, &query, &lexicon, 50, 5).expect("lookup");
            let took = ms(started.elapsed());
            best[k] = best[k].min(took);
            if pass == 0 {
                first_pass.push(took);
                for m in &matches {
                    for v in [
                        m.unit.id as u64,
                        u64::from(m.score),
                        m.suggested.len() as u64,
                    ] {
                        digest = (digest ^ v).wrapping_mul(0x0100_0000_01b3);
                    }
                }
                digest = (digest ^ 0xff).wrapping_mul(0x0100_0000_01b3);
                if let Some(from) = &q.from {
                    let entry = rank1.entry(q.kind.label()).or_default();
                    entry.1 += 1;
                    if matches
                        .first()
                        .is_some_and(|m| m.unit.source == from.source)
                    {
                        entry.0 += 1;
                    } else if std::env::var_os("TARJUMAN_BENCH_TM_MISSES").is_some() {
                        let own = score(
                            &Prepared::new(&q.source, &lexicon),
                            &Prepared::new(&from.source, &lexicon),
                        );
                        let found: Vec<(i64, u8)> =
                            matches.iter().map(|m| (m.unit.id, m.score)).collect();
                        eprintln!(
                            "miss ({}): {}\n  made from unit {}: {}\n  found: {found:?}\n  the unit's own score: {}",
                            q.kind.label(),
                            q.source,
                            from.id,
                            from.source,
                            own.score
                        );
                    }
                    if let Some(m) = matches.first() {
                        top_scores.push(f64::from(m.score));
                    }
                } else if !matches.is_empty() {
                    found_any += 1;
                }
            }
        }
    }
    let peak = proc_status("VmHWM");
    let rss = proc_status("VmRSS");
    let mut first_sorted = first_pass.clone();
    first_sorted.sort_by(f64::total_cmp);
    let mut best_sorted = best.clone();
    best_sorted.sort_by(f64::total_cmp);
    let near: Vec<&TestQuery> = queries.iter().filter(|q| q.from.is_some()).collect();
    let (hits, total) = rank1.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("RESULT queries {}", queries.len());
    println!("RESULT near_copies {}", near.len());
    println!("RESULT first_p50_ms {:.2}", percentile(&first_sorted, 0.5));
    println!("RESULT first_p95_ms {:.2}", percentile(&first_sorted, 0.95));
    println!("RESULT first_max_ms {:.2}", percentile(&first_sorted, 1.0));
    println!("RESULT best_p50_ms {:.2}", percentile(&best_sorted, 0.5));
    println!("RESULT best_p95_ms {:.2}", percentile(&best_sorted, 0.95));
    println!("RESULT best_max_ms {:.2}", percentile(&best_sorted, 1.0));
    for kind in [Kind::Clitic, Kind::Spelling, Kind::Number, Kind::Word] {
        let (h, t) = rank1.get(kind.label()).copied().unwrap_or((0, 0));
        println!("RESULT rank1_{} {h}/{t}", kind.label());
    }
    let mut by_kind: Vec<(Kind, Vec<f64>)> = Vec::new();
    for kind in [
        Kind::Clitic,
        Kind::Spelling,
        Kind::Number,
        Kind::Word,
        Kind::New,
    ] {
        let mut times: Vec<f64> = queries
            .iter()
            .zip(&best)
            .filter(|(q, _)| q.kind == kind)
            .map(|(_, &t)| t)
            .collect();
        times.sort_by(f64::total_cmp);
        by_kind.push((kind, times));
    }
    for (kind, times) in &by_kind {
        println!(
            "RESULT p50_{}_ms {:.2}",
            kind.label(),
            percentile(times, 0.5)
        );
    }
    println!("RESULT rank1 {hits}/{total}");
    println!("RESULT rank1_rate {:.3}", hits as f64 / total.max(1) as f64);
    println!(
        "RESULT new_with_match {found_any}/{}",
        queries.len() - near.len()
    );
    top_scores.sort_by(f64::total_cmp);
    println!("RESULT near_top_score_p50 {}", percentile(&top_scores, 0.5));
    println!("RESULT hwm_kb {peak}");
    println!("RESULT rss_kb {rss}");
    println!("RESULT digest {digest:016x}");
}

/// Where a lookup's time goes, with the public pieces `lookup` is made of:
/// reading the query, the store's candidates, reading each candidate, scoring.
fn child_breakdown(path: &Path, runs: usize) {
    let tm = SqliteTm::open(path).expect("open");
    let units = tm.stats().expect("stats").units;
    let queries = query_set(&tm, units);
    let lexicon = Lexicon::default();
    let mut phases = [Duration::MAX; 4];
    let mut candidates = 0;
    for _ in 0..runs.max(1) {
        let mut pass = [Duration::ZERO; 4];
        candidates = 0;
        for q in &queries {
            let started = Instant::now();
            let current = Prepared::query(&q.source, &lexicon);
            let keys = tarjuman::tm::text::query_keys(&q.source, &lexicon);
            pass[0] += started.elapsed();
            let started = Instant::now();
            let found = tm
                .candidates(&keys, tarjuman::tm::lookup::CANDIDATES)
                .expect("candidates");
            pass[1] += started.elapsed();
            candidates += found.len();
            let started = Instant::now();
            let prepared: Vec<Prepared<'_>> = found
                .iter()
                .map(|u| Prepared::new(&u.source, &lexicon))
                .collect();
            pass[2] += started.elapsed();
            let started = Instant::now();
            for p in &prepared {
                std::hint::black_box(score(&current, p));
            }
            pass[3] += started.elapsed();
        }
        for (best, this) in phases.iter_mut().zip(pass) {
            *best = (*best).min(this);
        }
    }
    let n = queries.len() as f64;
    for (name, d) in ["query", "candidates", "prepare", "score"]
        .iter()
        .zip(phases)
    {
        println!("RESULT {name}_ms {:.3}", ms(d) / n);
    }
    println!("RESULT candidates_per_query {:.1}", candidates as f64 / n);
}

/// What OmegaT does: the query scored against every unit. `prepared`: the
/// units' tokens computed once and kept (a tokenizer cache); else each unit
/// is read again for every query.
fn child_scan(path: &Path, count: usize, prepared: bool) {
    let tm = SqliteTm::open(path).expect("open");
    let units = tm.stats().expect("stats").units;
    let queries = query_set(&tm, units);
    let lexicon = Lexicon::default();
    let started = Instant::now();
    let mut sources: Vec<String> = Vec::with_capacity(units as usize);
    tm.export(&mut |u| {
        sources.push(u.source.clone());
        Ok(())
    })
    .expect("read every unit");
    let read = started.elapsed();
    drop(tm);
    let started = Instant::now();
    let cache: Vec<Prepared<'_>> = if prepared {
        sources.iter().map(|s| Prepared::new(s, &lexicon)).collect()
    } else {
        Vec::new()
    };
    let tokenised = started.elapsed();
    // An even sample of the query set: near copies and new sentences.
    let step = (queries.len() / count.max(1)).max(1);
    let sample: Vec<&TestQuery> = queries.iter().step_by(step).take(count).collect();
    let mut times = Vec::new();
    let mut agree = 0;
    for q in &sample {
        let started = Instant::now();
        let current = Prepared::query(&q.source, &lexicon);
        let mut best: Vec<(u8, usize)> = Vec::new();
        let mut consider = |k: usize, tm: &Prepared<'_>| {
            if tm.tokens.len() != current.tokens.len() && current.best_possible(tm) < 50.0 {
                return;
            }
            let s = score(&current, tm).score;
            if s >= 50 {
                best.push((s, k));
            }
        };
        if prepared {
            for (k, p) in cache.iter().enumerate() {
                consider(k, p);
            }
        } else {
            for (k, s) in sources.iter().enumerate() {
                consider(k, &Prepared::new(s, &lexicon));
            }
        }
        best.sort_by_key(|&(s, _)| std::cmp::Reverse(s));
        best.truncate(5);
        times.push(ms(started.elapsed()));
        if let (Some(from), Some(&(_, k))) = (&q.from, best.first())
            && sources[k] == from.source
        {
            agree += 1;
        }
    }
    times.sort_by(f64::total_cmp);
    println!("RESULT scan_queries {}", sample.len());
    println!("RESULT scan_read_s {:.2}", read.as_secs_f64());
    println!("RESULT scan_tokenise_s {:.2}", tokenised.as_secs_f64());
    println!("RESULT scan_p50_ms {:.1}", percentile(&times, 0.5));
    println!("RESULT scan_p95_ms {:.1}", percentile(&times, 0.95));
    println!("RESULT scan_rank1 {agree}");
    println!("RESULT scan_hwm_kb {}", proc_status("VmHWM"));
}

/// Reads a file through, into the page cache.
fn warm(path: &Path) {
    use std::io::Read;
    if let Ok(mut file) = std::fs::File::open(path) {
        let mut buffer = vec![0u8; 1 << 20];
        while file.read(&mut buffer).is_ok_and(|n| n > 0) {}
    }
}

/// Evicts a file from the page cache (`dd … iflag=nocache count=0` calls
/// posix_fadvise(DONTNEED) on the whole file); the host may still cache it.
fn evict(path: &Path) -> bool {
    Command::new("dd")
        .arg(format!("if={}", path.display()))
        .args(["iflag=nocache", "count=0", "status=none"])
        .status()
        .is_ok_and(|s| s.success())
}

// ---------------------------------------------------------------------------
// The parent: builds or reuses the TMs, runs the children, prints the table.

struct SizeResult {
    size: usize,
    build: HashMap<String, String>,
    reused: bool,
    open_warm: Vec<HashMap<String, String>>,
    open_cold: Option<HashMap<String, String>>,
    lookup: HashMap<String, String>,
    scan: HashMap<String, String>,
    scan_prepared: bool,
}

fn build_or_reuse(size: usize) -> (HashMap<String, String>, bool) {
    let path = tm_path(size);
    let record = path.with_extension("import.txt");
    let rebuild = std::env::var_os("TARJUMAN_BENCH_TM_REBUILD").is_some_and(|v| v != "0");
    if !rebuild
        && path.exists()
        && let Ok(text) = std::fs::read_to_string(&record)
    {
        let map: HashMap<String, String> = text
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        if map.get("requested").map(String::as_str) == Some(size.to_string().as_str()) {
            return (map, true);
        }
    }
    std::fs::create_dir_all(bench_dir()).expect("bench folder");
    eprintln!("building {} ({size} units)…", path.display());
    let mut map = run_child(&["build", &path.display().to_string(), &size.to_string()]);
    map.insert("requested".into(), size.to_string());
    let text: String = map.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    std::fs::write(&record, text).expect("import record");
    (map, false)
}

fn measure(size: usize, runs: usize) -> SizeResult {
    let (build, reused) = build_or_reuse(size);
    let path = tm_path(size);
    let p = path.display().to_string();
    eprintln!("opening {p}…");
    let mut open_warm = Vec::new();
    // Warm: the file was just written or read.
    run_child(&["open", &p]);
    for _ in 0..3 {
        open_warm.push(run_child(&["open", &p]));
    }
    // The lookups run with the TM in the OS page cache (a TM in use is;
    // the cold case is the cold open's first lookup below).
    warm(&path);
    eprintln!("lookups…");
    let lookup = run_child(&["lookup", &p, &runs.to_string()]);
    let scan_prepared = size <= 100_000;
    let count =
        env_usize("TARJUMAN_BENCH_SCAN_QUERIES").unwrap_or(if scan_prepared { 20 } else { 3 });
    eprintln!("linear scan, {count} queries…");
    let scan = run_child(&[
        "scan",
        &p,
        &count.to_string(),
        if scan_prepared { "prepared" } else { "stream" },
    ]);
    // Last, so the lookups above run with the TM in the page cache: the
    // TM dropped from the page cache, then opened and looked up once.
    let open_cold = evict(&path).then(|| run_child(&["open", &p]));
    // Back in the page cache for whatever runs next.
    run_child(&["open", &p]);
    SizeResult {
        size,
        build,
        reused,
        open_warm,
        open_cold,
        lookup,
        scan,
        scan_prepared,
    }
}

fn best_of(maps: &[HashMap<String, String>], key: &str) -> f64 {
    maps.iter()
        .map(|m| num(m, key))
        .fold(f64::INFINITY, f64::min)
}

fn report(results: &[SizeResult]) {
    let header: Vec<String> = results
        .iter()
        .map(|r| format!("{} units", r.size))
        .collect();
    println!();
    println!("| | {} |", header.join(" | "));
    println!("| --- |{}", " --- |".repeat(results.len()));
    let row = |label: &str, cell: &dyn Fn(&SizeResult) -> String| {
        let cells: Vec<String> = results.iter().map(cell).collect();
        println!("| {label} | {} |", cells.join(" | "));
    };
    row("import (store only), units/s", &|r| {
        format!(
            "{:.0}{}",
            num(&r.build, "units_per_s"),
            if r.reused { " (recorded)" } else { "" }
        )
    });
    row("import wall incl. generating, s", &|r| {
        format!(
            "{:.1} ({:.1} generating)",
            num(&r.build, "total_s"),
            num(&r.build, "generate_s")
        )
    });
    row("import peak memory (VmHWM)", &|r| {
        format!("{:.0} MB", num(&r.build, "import_hwm_kb") / 1024.0)
    });
    row("DB size closed (after import, with -wal)", &|r| {
        format!(
            "{:.0} MB ({:.0} MB)",
            num(&r.build, "size_closed") / 1e6,
            num(&r.build, "size_open") / 1e6
        )
    });
    row("open, warm (best of 3)", &|r| {
        format!("{:.1} ms", best_of(&r.open_warm, "open_ms"))
    });
    row("open + first stats(), warm", &|r| {
        format!("{:.1} ms", best_of(&r.open_warm, "open_stats_ms"))
    });
    row("open + first lookup, warm", &|r| {
        format!("{:.1} ms", best_of(&r.open_warm, "open_lookup_ms"))
    });
    row("open + stats / + lookup, page cache dropped", &|r| {
        r.open_cold.as_ref().map_or("n/a".into(), |m| {
            format!(
                "{:.0} / {:.0} ms",
                num(m, "open_stats_ms"),
                num(m, "open_lookup_ms")
            )
        })
    });
    row("lookup median / p95, first pass", &|r| {
        format!(
            "{:.2} / {:.2} ms",
            num(&r.lookup, "first_p50_ms"),
            num(&r.lookup, "first_p95_ms")
        )
    });
    row("lookup median / p95, best of runs", &|r| {
        format!(
            "{:.2} / {:.2} ms",
            num(&r.lookup, "best_p50_ms"),
            num(&r.lookup, "best_p95_ms")
        )
    });
    row("lookup max", &|r| {
        format!("{:.1} ms", num(&r.lookup, "best_max_ms"))
    });
    row("linear scan (OmegaT-style) median / p95", &|r| {
        format!(
            "{:.0} / {:.0} ms ({}, {} q)",
            num(&r.scan, "scan_p50_ms"),
            num(&r.scan, "scan_p95_ms"),
            if r.scan_prepared {
                "tokens cached"
            } else {
                "tokenised per query"
            },
            r.scan.get("scan_queries").map_or("?", String::as_str)
        )
    });
    row("scan / lookup (medians)", &|r| {
        format!(
            "×{:.0}",
            num(&r.scan, "scan_p50_ms") / num(&r.lookup, "best_p50_ms")
        )
    });
    row("peak memory, TM open after lookups (VmHWM)", &|r| {
        format!("{:.0} MB", num(&r.lookup, "hwm_kb") / 1024.0)
    });
    row("near copy: its unit ranks first", &|r| {
        format!(
            "{} ({:.1} %)",
            r.lookup.get("rank1").map_or("?", String::as_str),
            100.0 * num(&r.lookup, "rank1_rate")
        )
    });
    row("… clitic / spelling / number / word", &|r| {
        ["clitic", "spelling", "number", "word"]
            .iter()
            .map(|k| {
                r.lookup
                    .get(&format!("rank1_{k}"))
                    .map_or("?".to_owned(), |v| {
                        v.split('/').next().unwrap_or("?").to_owned()
                    })
            })
            .collect::<Vec<_>>()
            .join(" / ")
    });
    row("new sentences with a match ≥ 50", &|r| {
        r.lookup.get("new_with_match").cloned().unwrap_or_default()
    });
    println!();
    for r in results {
        let mut keys: Vec<(&String, &String)> = r
            .build
            .iter()
            .chain(r.lookup.iter())
            .chain(r.scan.iter())
            .collect();
        keys.sort();
        let all: Vec<String> = keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
        println!("{} units: {}", r.size, all.join(" "));
        if let Some(cold) = &r.open_cold {
            println!(
                "  cold open: open {} ms, stats {} ms, first lookup {} ms",
                cold["open_ms"], cold["stats_ms"], cold["first_lookup_ms"]
            );
        }
    }
}

fn sample(count: usize) {
    let mut generator = Generator::new(TM_SEED);
    let mut frequency: HashMap<String, usize> = HashMap::new();
    let mut lengths = Vec::new();
    let total = count.max(20_000);
    for n in 0..total {
        let unit = generator.unit();
        let words: Vec<&str> = unit.source.split(' ').collect();
        lengths.push(words.len() as f64);
        for w in words {
            *frequency
                .entry(w.trim_end_matches('.').to_owned())
                .or_default() += 1;
        }
        if n < count {
            println!("{}\n  {}\n", unit.source, unit.target);
        }
    }
    lengths.sort_by(f64::total_cmp);
    let mut top: Vec<(String, usize)> = frequency.into_iter().collect();
    top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    println!(
        "{} vocabulary entries; over {total} sentences: words p5 {} median {} p95 {} max {}; {} distinct written words",
        Vocabulary::new().word_count(),
        percentile(&lengths, 0.05),
        percentile(&lengths, 0.5),
        percentile(&lengths, 0.95),
        percentile(&lengths, 1.0),
        top.len()
    );
    for (rank, (w, n)) in top.iter().take(40).enumerate() {
        print!("{}:{w}:{n} ", rank + 1);
    }
    println!();
}

fn sizes() -> Vec<usize> {
    std::env::var("TARJUMAN_BENCH_TM_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--tm-child") {
        let path = Path::new(&args[3]);
        match args[2].as_str() {
            "build" => child_build(path, args[4].parse().expect("size")),
            "open" => child_open(path),
            "lookup" => child_lookup(path, args[4].parse().expect("runs")),
            "breakdown" => child_breakdown(path, args[4].parse().expect("runs")),
            "scan" => child_scan(path, args[4].parse().expect("count"), args[5] == "prepared"),
            other => panic!("unknown child {other}"),
        }
        return;
    }
    if std::env::var_os("TARJUMAN_BENCH_TM_BREAKDOWN").is_some() {
        for size in sizes() {
            let (_, _) = build_or_reuse(size);
            let path = tm_path(size).display().to_string();
            let runs = env_usize("TARJUMAN_BENCH_RUNS").unwrap_or(3).to_string();
            let mut parts: Vec<(String, String)> = run_child(&["breakdown", &path, &runs])
                .into_iter()
                .collect();
            parts.sort();
            let parts: Vec<String> = parts.iter().map(|(k, v)| format!("{k}={v}")).collect();
            println!(
                "{size} units, per lookup (best of {runs}): {}",
                parts.join(" ")
            );
        }
        return;
    }
    if let Some(count) = env_usize("TARJUMAN_BENCH_TM_SAMPLE") {
        sample(count);
        return;
    }
    let sizes = sizes();
    let runs = env_usize("TARJUMAN_BENCH_RUNS").unwrap_or(3);
    let started = Instant::now();
    let results: Vec<SizeResult> = sizes.iter().map(|&size| measure(size, runs)).collect();
    report(&results);
    println!("\n(whole bench: {:.0} s)", started.elapsed().as_secs_f64());
}
