//! Deterministic corpus generator for benchmarks, fuzzing seeds and load tests.
//!
//! ```text
//! cargo run --release --example gen -- --out DIR --count N [--seed S] [--flaws P] [--format yaml|json]
//! ```
//!
//! Writes `N` documents that look like a repository of real plans: per municipality an
//! `ikp.toml` (profile `stockholm` with the 1–5 scale, or `fyrgradig` with 1–4), per
//! municipality and year a `ks-punkter` document, and per nämnd and year a `plan.yaml`
//! (40–80 risks, 10–20 controls) and an `uppfoljning.yaml` (2–3 occasions per control, comments
//! of realistic Swedish length). A share `P` of the documents (default 0.2) carries 1–3
//! deliberate flaws of the kinds auditors find; each is listed in `DIR/brister.tsv` (path, kind,
//! detail), so a test can check that the checker finds what was planted.
//!
//! The same arguments always give byte-identical output: the random numbers come from a
//! SplitMix64 generator seeded with `S`, and nothing depends on the clock or the file system.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen: {message}");
            eprintln!(
                "användning: gen --out KATALOG --count N [--seed S] [--flaws ANDEL] [--format yaml|json]"
            );
            ExitCode::from(2)
        }
    }
}

struct Args {
    out: PathBuf,
    count: usize,
    seed: u64,
    flaws: f64,
    json: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut out = None;
    let mut count = None;
    let mut seed = 1u64;
    let mut flaws = 0.2f64;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} saknar värde"));
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--count" => {
                count = Some(
                    value("--count")?
                        .parse()
                        .map_err(|e| format!("--count: {e}"))?,
                )
            }
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--flaws" => {
                flaws = value("--flaws")?
                    .parse()
                    .map_err(|e| format!("--flaws: {e}"))?;
                if !(0.0..=1.0).contains(&flaws) {
                    return Err("--flaws ska vara mellan 0 och 1".into());
                }
            }
            "--format" => {
                json = match value("--format")?.as_str() {
                    "yaml" => false,
                    "json" => true,
                    other => return Err(format!("okänt format «{other}»")),
                }
            }
            other => return Err(format!("okänt argument «{other}»")),
        }
    }
    Ok(Args {
        out: out.ok_or("--out saknas")?,
        count: count.ok_or("--count saknas")?,
        seed,
        flaws,
        json,
    })
}

fn run() -> Result<String, String> {
    let args = parse_args()?;
    let mut corpus = Corpus::new(&args);
    corpus.generate();
    let mut bytes = 0u64;
    for (path, text) in &corpus.files {
        write_atomically(&args.out.join(path), text)?;
        bytes += text.len() as u64;
    }
    let mut manifest = String::from("fil\tbrist\tdetalj\n");
    for (path, kind, detail) in &corpus.flaws {
        let _ = writeln!(manifest, "{}\t{kind}\t{detail}", path.display());
    }
    write_atomically(&args.out.join("brister.tsv"), &manifest)?;
    Ok(format!(
        "{} dokument ({} byte YAML/JSON, {} konfigurationsfiler) och {} planterade brister i {}",
        corpus.documents,
        bytes - corpus.config_bytes,
        corpus.configs,
        corpus.flaws.len(),
        args.out.display()
    ))
}

fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("gen")
    ));
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }

    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.range(0, words.len() - 1)]
    }
}

const MUNICIPALITIES: &[&str] = &[
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Linköping",
    "Helsingborg",
    "Jönköping",
    "Norrköping",
    "Lund",
    "Umeå",
    "Gävle",
    "Borås",
    "Södertälje",
    "Eskilstuna",
    "Halmstad",
    "Växjö",
    "Karlstad",
    "Sundsvall",
];

const COMMITTEES: &[&str] = &[
    "Kommunstyrelsen",
    "Socialnämnden",
    "Utbildningsnämnden",
    "Förskolenämnden",
    "Kulturnämnden",
    "Idrottsnämnden",
    "Miljö- och hälsoskyddsnämnden",
    "Stadsbyggnadsnämnden",
    "Servicenämnden",
    "Trafiknämnden",
    "Äldrenämnden",
    "Arbetsmarknadsnämnden",
    "Överförmyndarnämnden",
    "Valnämnden",
    "Fastighetsnämnden",
    "Byggnadsnämnden",
    "Tekniska nämnden",
    "Vård- och omsorgsnämnden",
    "Gymnasienämnden",
    "Krisledningsnämnden",
];

const DISTRICTS: &[&str] = &[
    "Norr",
    "Söder",
    "Öster",
    "Väster",
    "Centrum",
    "Hamnen",
    "Skogsås",
    "Ängby",
    "Älvdalen",
    "Åsen",
];

const YEARS: &[i64] = &[2023, 2024, 2025];

/// Processes with the undesired events a register typically holds for them.
const PROCESSES: &[(&str, &[&str])] = &[
    (
        "Inköp och upphandling",
        &[
            "Inköp görs utanför gällande ramavtal",
            "Direktupphandlingar dokumenteras inte",
            "Inköp delas upp för att undgå upphandling",
        ],
    ),
    (
        "Attest och utbetalning",
        &[
            "Fakturor attesteras av person utan behörighet",
            "Dubbla utbetalningar till leverantör",
            "Felaktiga utbetalningar på grund av bristande kontroll av underlag",
        ],
    ),
    (
        "Löneadministration",
        &[
            "Felaktiga löneutbetalningar efter avslutad anställning",
            "Löneskuld uppstår på grund av sena avvikelserapporter",
            "Ersättningar för övertid utbetalas utan beslut",
        ],
    ),
    (
        "Informationssäkerhet",
        &[
            "Behörigheter tas inte bort när anställning upphör",
            "Personuppgifter behandlas i strid med dataskyddsförordningen",
            "Informationsklassning saknas för verksamhetssystem",
        ],
    ),
    (
        "Dokumenthantering och diarieföring",
        &[
            "Allmänna handlingar diarieförs inte i tid",
            "Beslut fattade på delegation anmäls inte till nämnden",
            "Gallring sker i strid med dokumenthanteringsplanen",
        ],
    ),
    (
        "Oegentligheter och förtroendeskadligt agerande",
        &[
            "Mutor eller otillbörliga förmåner tas emot av medarbetare",
            "Jäv vid beslut om bistånd eller upphandling",
            "Fusk med tidrapportering",
            "Förtroendeskadliga bisysslor anmäls inte",
        ],
    ),
    (
        "Myndighetsutövning",
        &[
            "Beslut fattas utan stöd i delegationsordningen",
            "Handläggningstiderna överskrider lagstadgade tidsgränser",
            "Utredningar dokumenteras bristfälligt",
        ],
    ),
    (
        "Arbetsmiljö",
        &[
            "Det systematiska arbetsmiljöarbetet genomförs inte",
            "Hot och våld mot medarbetare rapporteras inte",
            "Hög sjukfrånvaro följs inte upp",
        ],
    ),
    (
        "Avtalsuppföljning",
        &[
            "Leverantörer fullgör inte sina åtaganden enligt avtal",
            "Avtal förlängs utan att uppföljning gjorts",
            "Avtalsregistret är inte uppdaterat",
        ],
    ),
    (
        "Budget och ekonomisk uppföljning",
        &[
            "Prognoserna avviker väsentligt från utfallet",
            "Intäkter faktureras inte",
            "Kostnader bokförs på fel period",
        ],
    ),
    (
        "Representation och resor",
        &[
            "Representation sker i strid med riktlinjerna",
            "Resor bokas utanför avtalad resebyrå",
        ],
    ),
    (
        "Kontanthantering",
        &[
            "Kontanter förvaras utan tillräckligt skydd",
            "Kassaredovisning stäms inte av",
        ],
    ),
];

const AREAS: &[&str] = &["Administration", "Ekonomi", "Personal", "Verksamhet"];

const ACTIVITIES: &[&str] = &[
    "Stickprov på tio fakturor per kvartal mot avtal och beställning",
    "Genomgång av behörigheter i verksamhetssystemen mot aktuell personallista",
    "Avstämning av löneutbetalningar mot avslutade anställningar",
    "Kontroll av att delegationsbeslut anmälts till nämnden",
    "Uppföljning av andelen inköp via inköpssystemet",
    "Granskning av ett urval av direktupphandlingar",
    "Kontroll av att bisysslor har anmälts och prövats",
    "Stickprov på handläggningstider i ärendesystemet",
    "Avstämning av kassaredovisning mot bokföring",
    "Genomgång av registerförteckningen enligt dataskyddsförordningen",
    "Kontroll av att skyddsronder genomförts enligt plan",
    "Uppföljning av leverantörens avtalsuppfyllnad vid avstämningsmöte",
];

const FREQUENCIES: &[&str] = &["Månadsvis", "Kvartalsvis", "Två gånger per år", "Årligen"];
const ROLES: &[&str] = &[
    "Controller",
    "Ekonomichef",
    "HR-chef",
    "Avdelningschef",
    "Enhetschef",
    "Informationssäkerhetssamordnare",
    "Upphandlingsansvarig",
];
const NAMES: &[&str] = &[
    "Anna Lindqvist",
    "Erik Johansson",
    "Maria Berg",
    "Lars Nyström",
    "Karin Åberg",
    "Johan Ekström",
    "Sara Öhman",
    "Mikael Holm",
    "Elin Sandberg",
    "Ahmed Yusuf",
];

/// Sentences of follow-up comments, in the register of the seeds.
const CLEAN: &[&str] = &[
    "Kontrollen har genomförts enligt plan och stickproven visar inga avvikelser.",
    "Samtliga granskade underlag var attesterade av behörig person och stämde mot avtal.",
    "Uppföljningen har skett vid de månatliga avstämningarna mellan chef och controller.",
    "Resultatet har redovisats för förvaltningens ledningsgrupp.",
    "Rutinen är känd bland medarbetarna och följs i verksamheten.",
    "Andelen inköp via inköpssystemet uppgick till 92 procent, vilket är i nivå med föregående år.",
    "Behörigheterna i verksamhetssystemen stämmer mot personallistan.",
    "Kontrollen bekräftar att de rutiner som infördes föregående år fungerar.",
];
const DEVIATION: &[&str] = &[
    "I två av tio stickprov saknades underlag för beställningen.",
    "Tre medarbetare som slutat under perioden hade kvar sina behörigheter.",
    "Ett antal delegationsbeslut hade inte anmälts till nämnden inom föreskriven tid.",
    "En leverantör har inte levererat enligt avtalets krav på svarstider.",
    "Handläggningstiden överskreds i fyra av femton granskade ärenden.",
    "Avstämningen visade en felaktig utbetalning som har krävts tillbaka.",
];
const NOT_DONE: &[&str] = &[
    "Kontrollen har inte genomförts under perioden på grund av resursbrist.",
    "Kontrollen är ej genomförd och kommer istället att göras under nästa tertial.",
    "Kontrollmomentet har utgått eftersom systemet byts ut under året.",
];
const ACTIONS: &[&str] = &[
    "Rutinen för beställning förtydligas och kommuniceras till samtliga chefer",
    "Behörigheterna har tagits bort och rutinen vid avslut av anställning ses över",
    "Påminnelse om anmälan av delegationsbeslut skickas ut varje månad",
    "Avtalsuppföljningsmöte med leverantören och vitesförfarande inleds",
    "Utbildning i handläggningsrutiner för berörda handläggare",
];
const ANALYSIS: &[&str] = &[
    "Förvaltningen bedömer att den interna kontrollen under året har varit tillräcklig.",
    "Kontrollerna i nämndens plan för intern kontroll har till största delen genomförts och flertalet visar inga eller mindre avvikelser.",
    "Där avvikelser har identifierats har åtgärder vidtagits eller planerats till kommande år.",
    "Arbetet med att dokumentera och diarieföra avtalsuppföljningen har fortsatt under året.",
    "Ett par kontroller har inte kunnat genomföras fullt ut på grund av vakanser.",
];

#[derive(Clone, Copy, PartialEq)]
enum Profile {
    /// 1–5, threshold 9, periods T1/T2/VB.
    Stockholm,
    /// 1–4, threshold 9, control fields and areas required.
    Fyrgradig,
}

impl Profile {
    fn max(self) -> usize {
        match self {
            Profile::Stockholm => 5,
            Profile::Fyrgradig => 4,
        }
    }
}

struct Risk {
    nr: i64,
    goal: String,
    process: &'static str,
    event: &'static str,
    area: &'static str,
    s: Option<i64>,
    k: Option<i64>,
    rv: Option<i64>,
    ikp: bool,
}

struct Control {
    id: String,
    risks: Vec<i64>,
    process: &'static str,
    activity: &'static str,
    frequency: &'static str,
    responsible: &'static str,
    ks_point: Option<String>,
}

struct Corpus<'a> {
    args: &'a Args,
    rng: Rng,
    files: Vec<(PathBuf, String)>,
    flaws: Vec<(PathBuf, &'static str, String)>,
    documents: usize,
    configs: usize,
    config_bytes: u64,
}

/// A document under construction with its planned flaws.
struct Flaws {
    planned: Vec<&'static str>,
}

impl Flaws {
    fn has(&self, kind: &str) -> bool {
        self.planned.contains(&kind)
    }
}

const PLAN_FLAWS: &[&str] = &[
    "saknad-bedömning",
    "fel-riskvärde",
    "hög-risk-utanför-plan",
    "risk-utan-kontroll",
    "dubbelt-risknummer",
    "fel-totalt",
    "sen-fastställelse",
    "saknad-ks-punkt",
    "kontroll-saknar-ansvarig",
    "text-i-stället-för-tal",
];
const FOLLOW_UP_FLAWS: &[&str] = &[
    "saknad-status",
    "status-motsäger-kommentar",
    "avvikelse-utan-åtgärd",
    "kopierad-kommentar",
    "tom-slutsats",
    "kontroll-ej-uppföljd",
    "tillräcklig-trots-allvarlig-avvikelse",
    "ogiltigt-datum",
];

impl<'a> Corpus<'a> {
    fn new(args: &'a Args) -> Self {
        Corpus {
            args,
            rng: Rng(args.seed),
            files: Vec::new(),
            flaws: Vec::new(),
            documents: 0,
            configs: 0,
            config_bytes: 0,
        }
    }

    fn generate(&mut self) {
        let mut unit = 0usize;
        let mut seen_ks = std::collections::BTreeSet::new();
        let mut seen_config = std::collections::BTreeSet::new();
        while self.documents < self.args.count {
            let m = unit % MUNICIPALITIES.len();
            let rest = unit / MUNICIPALITIES.len();
            let year = YEARS[rest % YEARS.len()];
            let j = rest / YEARS.len();
            unit += 1;
            let municipality = MUNICIPALITIES[m];
            let profile = if m.is_multiple_of(2) {
                Profile::Stockholm
            } else {
                Profile::Fyrgradig
            };
            let committee = committee_name(j);
            let base = PathBuf::from(slug(municipality));
            if seen_config.insert(m) {
                let toml = match profile {
                    Profile::Stockholm => "profil = \"stockholm\"\n",
                    Profile::Fyrgradig => "profil = \"fyrgradig\"\n",
                };
                self.configs += 1;
                self.config_bytes += toml.len() as u64;
                self.files.push((base.join("ikp.toml"), toml.to_string()));
            }
            let ks_ids: Vec<String> = (1..=3).map(|i| format!("KS{i}")).collect();
            if seen_ks.insert((m, year)) {
                let path = base
                    .join("ks-punkter")
                    .join(self.file_name(&year.to_string()));
                let text = self.ks_points(municipality, year, &ks_ids);
                self.push(path, text);
                if self.documents >= self.args.count {
                    break;
                }
            }
            let dir = base.join(slug(&committee)).join(year.to_string());
            let plan_path = dir.join(self.file_name("plan"));
            let plan_flaws = self.flaws_for(PLAN_FLAWS);
            let (plan_text, controls) = self.plan(
                municipality,
                &committee,
                year,
                profile,
                &ks_ids,
                &plan_flaws,
                &plan_path,
            );
            self.push(plan_path.clone(), plan_text);
            if self.documents >= self.args.count {
                break;
            }
            let fu_path = dir.join(self.file_name("uppfoljning"));
            let fu_flaws = self.flaws_for(FOLLOW_UP_FLAWS);
            let plan_name = plan_path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("plan.yaml")
                .to_string();
            let text = self.follow_up(
                municipality,
                &committee,
                year,
                profile,
                &plan_name,
                &controls,
                &fu_flaws,
                &fu_path,
            );
            self.push(fu_path, text);
        }
    }

    fn file_name(&self, stem: &str) -> String {
        if self.args.json {
            format!("{stem}.json")
        } else {
            format!("{stem}.yaml")
        }
    }

    fn push(&mut self, path: PathBuf, text: String) {
        self.documents += 1;
        self.files.push((path, text));
    }

    fn flaws_for(&mut self, kinds: &[&'static str]) -> Flaws {
        let mut planned = Vec::new();
        if self.rng.chance(self.args.flaws) {
            let n = self.rng.range(1, 3);
            while planned.len() < n {
                let k = self.rng.word(kinds);
                if !planned.contains(&k) {
                    planned.push(k);
                }
            }
        }
        Flaws { planned }
    }

    fn note(&mut self, path: &Path, kind: &'static str, detail: String) {
        self.flaws.push((path.to_path_buf(), kind, detail));
    }

    fn ks_points(&mut self, municipality: &str, year: i64, ids: &[String]) -> String {
        const TITLES: &[(&str, &str)] = &[
            (
                "Löneskuld",
                "Nämnden ska kontrollera att löneskulder till följd av sena avvikelserapporter inte uppstår.",
            ),
            (
                "Bristande avtalshantering",
                "Nämnden ska kontrollera att avtal registreras i avtalsdatabasen och följs upp.",
            ),
            (
                "Förebygga oegentligheter",
                "Nämnden ska kontrollera att rutinerna för att förebygga mutor och jäv är kända av chefer och medarbetare.",
            ),
        ];
        let mut doc = Doc::new(self.args.json);
        doc.scalar(0, "typ", &Val::Str("ks-punkter"));
        doc.scalar(0, "kommun", &Val::Str(municipality));
        doc.scalar(0, "år", &Val::Int(year));
        let decision = format!("KS {year}-{:03}", self.rng.range(1, 400));
        doc.scalar(0, "beslut", &Val::Str(&decision));
        doc.open_seq(0, "punkter");
        for (id, (title, text)) in ids.iter().zip(TITLES) {
            doc.item(1);
            doc.scalar(2, "id", &Val::Str(id));
            doc.scalar(2, "titel", &Val::Str(title));
            doc.scalar(2, "beskrivning", &Val::Str(text));
            doc.close_item(1);
        }
        doc.close_seq(0);
        doc.finish()
    }

    #[allow(clippy::too_many_arguments)]
    fn plan(
        &mut self,
        municipality: &str,
        committee: &str,
        year: i64,
        profile: Profile,
        ks_ids: &[String],
        flaws: &Flaws,
        path: &Path,
    ) -> (String, Vec<Control>) {
        let max = profile.max();
        let threshold = 9;
        let n_risks = self.rng.range(40, 80);
        let goals: Vec<String> = (1..=self.rng.range(3, 6))
            .map(|i| format!("{}.{}", 1 + i / 3, 1 + i % 3))
            .collect();
        let mut risks = Vec::with_capacity(n_risks);
        for i in 0..n_risks {
            let (process, events) = *self.rng.pick(PROCESSES);
            let event = self.rng.word(events);
            // Skewed so that about a fifth of the risks reach the threshold: 10–20 controls.
            let s = self.rng.range(1, max) as i64;
            let k = if self.rng.chance(0.35) {
                self.rng.range(3, max)
            } else {
                self.rng.range(1, 2)
            } as i64;
            let rv = s * k;
            risks.push(Risk {
                nr: i as i64 + 1,
                goal: self.rng.pick(&goals).clone(),
                process,
                event,
                area: AREAS[i % AREAS.len()],
                s: Some(s),
                k: Some(k),
                rv: Some(rv),
                ikp: rv >= threshold,
            });
        }
        // Make sure 10–20 risks are in the plan, whatever the dice said.
        let wanted = self.rng.range(10, 20);
        let mut in_plan = risks.iter().filter(|r| r.ikp).count();
        let mut i = 0;
        while in_plan < wanted && i < risks.len() {
            if !risks[i].ikp {
                let r = &mut risks[i];
                r.s = Some(3);
                r.k = Some(3);
                r.rv = Some(9);
                r.ikp = true;
                in_plan += 1;
            }
            i += 3;
        }
        for r in risks.iter_mut().rev() {
            if in_plan <= 20 {
                break;
            }
            if r.ikp {
                r.s = Some(2);
                r.k = Some(2);
                r.rv = Some(4);
                r.ikp = false;
                in_plan -= 1;
            }
        }
        // The irregularity process must be among them (KL 6:6 since 2025).
        if let Some(r) = risks
            .iter_mut()
            .find(|r| r.process.starts_with("Oegentligheter"))
        {
            r.ikp = true;
            if r.rv.unwrap_or(0) < threshold {
                r.s = Some(3);
                r.k = Some(3);
                r.rv = Some(9);
            }
        }

        let mut controls: Vec<Control> = Vec::new();
        for r in risks.iter().filter(|r| r.ikp) {
            let n = controls.len() + 1;
            controls.push(Control {
                id: format!("K{n}"),
                risks: vec![r.nr],
                process: r.process,
                activity: ACTIVITIES[(r.nr as usize * 7 + n) % ACTIVITIES.len()],
                frequency: self.rng.word(FREQUENCIES),
                responsible: self.rng.word(ROLES),
                ks_point: None,
            });
        }
        for (c, ks) in controls.iter_mut().zip(ks_ids) {
            c.ks_point = Some(ks.clone());
        }

        // Flaws.
        if flaws.has("saknad-bedömning") {
            let idx = self.rng.range(0, risks.len() - 1);
            let r = &mut risks[idx];
            r.s = None;
            r.k = None;
            r.rv = None;
            r.ikp = false;
            let nr = r.nr;
            controls.retain(|c| !c.risks.contains(&nr));
            self.note(path, "saknad-bedömning", format!("risk {nr}"));
        }
        if flaws.has("fel-riskvärde")
            && let Some(r) = risks.iter_mut().find(|r| r.rv.is_some() && !r.ikp)
        {
            r.rv = r.rv.map(|v| v + 1);
            let nr = r.nr;
            self.note(path, "fel-riskvärde", format!("risk {nr}"));
        }
        if flaws.has("hög-risk-utanför-plan")
            && let Some(r) = risks.iter_mut().find(|r| r.ikp && r.rv >= Some(threshold))
        {
            r.ikp = false;
            let nr = r.nr;
            controls.retain(|c| !c.risks.contains(&nr));
            self.note(path, "hög-risk-utanför-plan", format!("risk {nr}"));
        }
        if flaws.has("risk-utan-kontroll") && controls.len() > 1 {
            let gone = controls.remove(controls.len() - 1);
            self.note(
                path,
                "risk-utan-kontroll",
                format!("risk {} ({} borttagen)", gone.risks[0], gone.id),
            );
        }
        if flaws.has("dubbelt-risknummer") && risks.len() > 2 {
            let last = risks.len() - 1;
            risks[last].nr = risks[last - 1].nr;
            let nr = risks[last].nr;
            self.note(path, "dubbelt-risknummer", format!("risk {nr}"));
        }
        if flaws.has("saknad-ks-punkt")
            && let Some(c) = controls.iter_mut().find(|c| c.ks_point.is_some())
        {
            let ks = c.ks_point.take().unwrap_or_default();
            self.note(path, "saknad-ks-punkt", ks);
        }
        if flaws.has("kontroll-saknar-ansvarig")
            && profile == Profile::Fyrgradig
            && let Some(c) = controls.first_mut()
        {
            c.responsible = "";
            let id = c.id.clone();
            self.note(path, "kontroll-saknar-ansvarig", id);
        }

        let mut doc = Doc::new(self.args.json);
        doc.scalar(0, "typ", &Val::Str("plan"));
        doc.scalar(0, "kommun", &Val::Str(municipality));
        doc.scalar(0, "nämnd", &Val::Str(committee));
        doc.scalar(0, "år", &Val::Int(year));
        let adopted = if flaws.has("sen-fastställelse") {
            self.note(path, "sen-fastställelse", format!("{year}-02-15"));
            format!("{year}-02-15")
        } else {
            format!("{}-12-{:02}", year - 1, self.rng.range(8, 18))
        };
        doc.scalar(0, "fastställd", &Val::Str(&adopted));
        let dnr = format!("Dnr {}/{:04}", year - 1, self.rng.range(100, 2000));
        doc.scalar(0, "källa", &Val::Str(&dnr));

        let mut zones = [0i64; 3];
        for r in &risks {
            if let Some(rv) = r.rv {
                zones[if rv >= 12 {
                    0
                } else if rv >= 5 {
                    1
                } else {
                    2
                }] += 1;
            }
        }
        let mut total: i64 = zones.iter().sum();
        if flaws.has("fel-totalt") {
            total += 1;
            self.note(path, "fel-totalt", format!("totalt {total}"));
        }
        doc.open_map(0, "riskmatris");
        doc.scalar(1, "totalt", &Val::Int(total));
        doc.open_map(1, "zoner");
        for (name, n) in ["Kritisk", "Medium", "Låg"].iter().zip(zones) {
            doc.scalar(2, name, &Val::Int(n));
        }
        doc.close_map(1);
        doc.close_map(0);

        doc.open_seq(0, "mål");
        for g in &goals {
            doc.item(1);
            doc.scalar(2, "nr", &Val::Str(g));
            let text = format!(
                "{} ska vara en välskött kommun där resurserna används effektivt (mål {g})",
                municipality
            );
            doc.scalar(2, "text", &Val::Str(&text));
            doc.close_item(1);
        }
        doc.close_seq(0);

        let text_flaw = flaws.has("text-i-stället-för-tal");
        if text_flaw {
            self.note(path, "text-i-stället-för-tal", "risk 1 sannolikhet".into());
        }
        doc.open_seq(0, "risker");
        for (i, r) in risks.iter().enumerate() {
            doc.item(1);
            doc.scalar(2, "nr", &Val::Int(r.nr));
            doc.scalar(2, "mål", &Val::Str(&r.goal));
            if profile == Profile::Fyrgradig {
                doc.scalar(2, "område", &Val::Str(r.area));
            }
            doc.scalar(2, "process", &Val::Str(r.process));
            doc.scalar(2, "händelse", &Val::Str(r.event));
            if i == 0 && text_flaw {
                doc.scalar(2, "sannolikhet", &Val::Str("Möjlig"));
            } else {
                doc.scalar(2, "sannolikhet", &r.s.map_or(Val::Null, Val::Int));
            }
            doc.scalar(2, "konsekvens", &r.k.map_or(Val::Null, Val::Int));
            doc.scalar(2, "riskvärde", &r.rv.map_or(Val::Null, Val::Int));
            doc.scalar(2, "ikp", &Val::Str(if r.ikp { "ja" } else { "nej" }));
            doc.close_item(1);
        }
        doc.close_seq(0);

        doc.open_seq(0, "kontroller");
        for c in &controls {
            doc.item(1);
            doc.scalar(2, "id", &Val::Str(&c.id));
            doc.int_list(2, "risker", &c.risks);
            doc.scalar(2, "process", &Val::Str(c.process));
            let method = format!(
                "Rutinen för {} följs och dokumenteras i verksamhetssystemet",
                c.process.to_lowercase()
            );
            doc.scalar(2, "arbetssätt", &Val::Str(&method));
            doc.scalar(2, "kontrollaktivitet", &Val::Str(c.activity));
            doc.scalar(2, "frekvens", &Val::Str(c.frequency));
            if !c.responsible.is_empty() {
                doc.scalar(2, "ansvarig", &Val::Str(c.responsible));
            }
            if profile == Profile::Fyrgradig {
                doc.scalar(2, "rapporteras_till", &Val::Str("Nämnden"));
                doc.scalar(
                    2,
                    "tidpunkt",
                    &Val::Str("Vid tertialrapport och verksamhetsberättelse"),
                );
            }
            if let Some(ks) = &c.ks_point {
                doc.scalar(2, "ks_punkt", &Val::Str(ks));
            }
            doc.close_item(1);
        }
        doc.close_seq(0);
        (doc.finish(), controls)
    }

    #[allow(clippy::too_many_arguments)]
    fn follow_up(
        &mut self,
        municipality: &str,
        committee: &str,
        year: i64,
        profile: Profile,
        plan_name: &str,
        controls: &[Control],
        flaws: &Flaws,
        path: &Path,
    ) -> String {
        let periods: &[(&str, &str)] = match profile {
            Profile::Stockholm => &[("T1", "04-30"), ("T2", "08-31"), ("VB", "12-31")],
            Profile::Fyrgradig => &[
                ("tillfälle 1", "04-30"),
                ("tillfälle 2", "08-31"),
                ("tillfälle 3", "12-31"),
            ],
        };
        let statuses: &[&str] = match profile {
            Profile::Stockholm => &["Inga avvikelser", "Mindre avvikelser", "Större avvikelser"],
            Profile::Fyrgradig => &["Inga avvikelser", "Mindre avvikelser", "Större avvikelser"],
        };
        let mut followed: Vec<&Control> = controls.iter().collect();
        if flaws.has("kontroll-ej-uppföljd") && followed.len() > 1 {
            let gone = followed.remove(self.rng.range(0, followed.len() - 1));
            self.note(path, "kontroll-ej-uppföljd", gone.id.clone());
        }
        let mut serious_open = false;
        let mut doc = Doc::new(self.args.json);
        doc.scalar(0, "typ", &Val::Str("uppföljning"));
        doc.scalar(0, "kommun", &Val::Str(municipality));
        doc.scalar(0, "nämnd", &Val::Str(committee));
        doc.scalar(0, "år", &Val::Int(year));
        doc.scalar(0, "plan", &Val::Str(plan_name));
        let mut body = Doc::new(self.args.json);
        body.open_seq(0, "kontroller");
        let mut previous_comment = String::new();
        let mut copied = false;
        let mut missing_status = false;
        let mut contradiction = false;
        let mut no_action = false;
        let mut bad_date = false;
        for (ci, c) in followed.iter().enumerate() {
            body.item(1);
            body.scalar(2, "kontroll", &Val::Str(&c.id));
            body.scalar(2, "kontrollaktivitet", &Val::Str(c.activity));
            body.open_seq(2, "tillfällen");
            let n_occasions = self.rng.range(2, 3);
            for (oi, (period, day)) in periods.iter().take(n_occasions).enumerate() {
                let roll = self.rng.range(0, 99);
                let status_idx = if roll < 70 {
                    0
                } else if roll < 92 {
                    1
                } else {
                    2
                };
                let mut status = Some(statuses[status_idx]);
                let mut comment = self.comment(status_idx);
                if flaws.has("kopierad-kommentar") && !copied && ci > 0 && oi == 0 {
                    comment = previous_comment.clone();
                    copied = true;
                    self.note(path, "kopierad-kommentar", format!("{} {period}", c.id));
                }
                if flaws.has("saknad-status") && !missing_status && ci == 0 {
                    status = None;
                    missing_status = true;
                    self.note(path, "saknad-status", format!("{} {period}", c.id));
                }
                if flaws.has("status-motsäger-kommentar") && !contradiction && ci == 1 {
                    status = Some(statuses[0]);
                    comment = (self.rng.word(NOT_DONE)).to_string();
                    contradiction = true;
                    self.note(
                        path,
                        "status-motsäger-kommentar",
                        format!("{} {period}", c.id),
                    );
                }
                body.item(3);
                body.scalar(4, "period", &Val::Str(period));
                let mut date = format!("{year}-{day}");
                if flaws.has("ogiltigt-datum") && !bad_date {
                    date = format!("{year}-02-30");
                    bad_date = true;
                    self.note(path, "ogiltigt-datum", format!("{} {period}", c.id));
                }
                let date_key = match profile {
                    Profile::Stockholm => "datum",
                    Profile::Fyrgradig => "slutdatum",
                };
                body.scalar(4, date_key, &Val::Str(&date));
                if let Some(s) = status {
                    body.scalar(4, "status", &Val::Str(s));
                }
                if profile == Profile::Fyrgradig {
                    body.scalar(4, "ansvarig", &Val::Str(self.rng.word(NAMES)));
                }
                body.block(4, "kommentar", &comment);
                let deviation = status.is_some_and(|s| s != statuses[0]);
                if deviation {
                    if flaws.has("avvikelse-utan-åtgärd") && !no_action {
                        no_action = true;
                        self.note(path, "avvikelse-utan-åtgärd", format!("{} {period}", c.id));
                        if status_idx == 2 {
                            serious_open = true;
                        }
                    } else {
                        body.open_seq(4, "åtgärder");
                        body.item(5);
                        body.scalar(6, "åtgärd", &Val::Str(self.rng.word(ACTIONS)));
                        let done = self.rng.chance(0.5);
                        body.scalar(
                            6,
                            "status",
                            &Val::Str(if done { "Avslutad" } else { "Pågående" }),
                        );
                        body.scalar(6, "ansvarig", &Val::Str(self.rng.word(NAMES)));
                        body.close_item(5);
                        body.close_seq(4);
                        if status_idx == 2 && !done {
                            serious_open = true;
                        }
                    }
                }
                body.close_item(3);
                previous_comment = comment;
            }
            body.close_seq(2);
            body.close_item(1);
        }
        body.close_seq(0);

        let sufficient = !serious_open || flaws.has("tillräcklig-trots-allvarlig-avvikelse");
        if serious_open && flaws.has("tillräcklig-trots-allvarlig-avvikelse") {
            self.note(
                path,
                "tillräcklig-trots-allvarlig-avvikelse",
                "bedömning".into(),
            );
        }
        doc.scalar(
            0,
            "bedömning",
            &Val::Str(if sufficient {
                "tillräcklig"
            } else {
                "ej tillräcklig"
            }),
        );
        let analysis = self.paragraph(ANALYSIS, 3, 5);
        doc.block(0, "analys", &analysis);
        doc.scalar(
            0,
            "antal_kontrollaktiviteter",
            &Val::Int(followed.len() as i64),
        );
        doc.append(body);
        let conclusions = if flaws.has("tom-slutsats") {
            self.note(path, "tom-slutsats", "slutsatser".into());
            String::new()
        } else {
            self.paragraph(ANALYSIS, 1, 2)
        };
        doc.scalar(0, "slutsatser", &Val::Str(&conclusions));
        let actions = self.paragraph(ACTIONS, 1, 2);
        doc.scalar(0, "åtgärder", &Val::Str(&actions));
        doc.finish()
    }

    /// A comment of 150–600 characters whose tone matches the status.
    fn comment(&mut self, status: usize) -> String {
        let mut out = String::new();
        if status > 0 {
            out.push_str(self.rng.word(DEVIATION));
        }
        let target = self.rng.range(150, 600);
        // Each sentence at most once: a person does not repeat themselves within one comment.
        let mut clean: Vec<&str> = CLEAN.to_vec();
        let mut deviation: Vec<&str> = DEVIATION
            .iter()
            .copied()
            .filter(|d| !out.contains(d))
            .collect();
        while out.chars().count() < target && !clean.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(clean.swap_remove(self.rng.range(0, clean.len() - 1)));
            if status > 0 && !deviation.is_empty() && self.rng.chance(0.3) {
                out.push(' ');
                out.push_str(deviation.swap_remove(self.rng.range(0, deviation.len() - 1)));
            }
        }
        out
    }

    fn paragraph(&mut self, bank: &[&str], lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi).min(bank.len());
        let mut left: Vec<&str> = bank.to_vec();
        (0..n)
            .map(|_| left.swap_remove(self.rng.range(0, left.len() - 1)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn committee_name(j: usize) -> String {
    let base = COMMITTEES[j % COMMITTEES.len()];
    let round = j / COMMITTEES.len();
    if round == 0 {
        return base.to_string();
    }
    let district = DISTRICTS[(round - 1) % DISTRICTS.len()];
    match (round - 1) / DISTRICTS.len() {
        0 => format!("{base} {district}"),
        lap => format!("{base} {district} {}", lap + 1),
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        match c {
            'å' | 'ä' => out.push('a'),
            'ö' => out.push('o'),
            'é' => out.push('e'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    out.trim_matches('-').to_string()
}

enum Val<'a> {
    Str(&'a str),
    Int(i64),
    Null,
}

/// A tiny writer for block-style YAML or pretty JSON with the same calls. Keeps the generator
/// free of a serializer (whose output would not look hand-written) and of extra dependencies.
struct Doc {
    json: bool,
    out: String,
    /// For JSON: whether the current container already has a member.
    first: Vec<bool>,
}

impl Doc {
    fn new(json: bool) -> Self {
        let mut out = String::new();
        if json {
            out.push('{');
        }
        Doc {
            json,
            out,
            first: vec![true],
        }
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    fn json_sep(&mut self, level: usize) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
        self.out.push('\n');
        self.indent(level + 1);
    }

    fn key(&mut self, level: usize, key: &str) {
        if self.json {
            self.json_sep(level);
            self.out.push_str(&json_string(key));
            self.out.push_str(": ");
        } else {
            if !self.out.ends_with("- ") {
                self.indent(level);
            }
            self.out.push_str(key);
            self.out.push(':');
        }
    }

    fn scalar(&mut self, level: usize, key: &str, value: &Val) {
        self.key(level, key);
        let text = match value {
            Val::Int(i) => i.to_string(),
            Val::Null if self.json => "null".into(),
            Val::Null => "~".into(),
            Val::Str(s) if self.json => json_string(s),
            Val::Str(s) => yaml_string(s),
        };
        if !self.json {
            self.out.push(' ');
        }
        self.out.push_str(&text);
        if !self.json {
            self.out.push('\n');
        }
    }

    /// Long text: a literal block in YAML, wrapped at about 100 characters like a person would.
    fn block(&mut self, level: usize, key: &str, text: &str) {
        if self.json || text.is_empty() {
            return self.scalar(level, key, &Val::Str(text));
        }
        self.key(level, key);
        self.out.push_str(" |\n");
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.chars().count() + word.chars().count() > 100 {
                self.indent(level + 1);
                self.out.push_str(&line);
                self.out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        self.indent(level + 1);
        self.out.push_str(&line);
        self.out.push('\n');
    }

    fn int_list(&mut self, level: usize, key: &str, items: &[i64]) {
        self.key(level, key);
        let list: Vec<String> = items.iter().map(i64::to_string).collect();
        if self.json {
            self.out.push('[');
            self.out.push_str(&list.join(", "));
            self.out.push(']');
        } else {
            self.out.push_str(" [");
            self.out.push_str(&list.join(", "));
            self.out.push_str("]\n");
        }
    }

    fn open_seq(&mut self, level: usize, key: &str) {
        self.key(level, key);
        if self.json {
            self.out.push('[');
            self.first.push(true);
        } else {
            self.out.push('\n');
        }
    }

    fn close_seq(&mut self, level: usize) {
        if self.json {
            self.first.pop();
            self.out.push('\n');
            self.indent(level + 1);
            self.out.push(']');
        }
    }

    fn open_map(&mut self, level: usize, key: &str) {
        self.key(level, key);
        if self.json {
            self.out.push('{');
            self.first.push(true);
        } else {
            self.out.push('\n');
        }
    }

    fn close_map(&mut self, level: usize) {
        self.close_seq_like(level, '}');
    }

    fn close_seq_like(&mut self, level: usize, close: char) {
        if self.json {
            self.first.pop();
            self.out.push('\n');
            self.indent(level + 1);
            self.out.push(close);
        }
    }

    /// Start a sequence item that is a mapping.
    fn item(&mut self, level: usize) {
        if self.json {
            self.json_sep(level);
            self.out.push('{');
            self.first.push(true);
        } else {
            self.indent(level);
            self.out.push_str("- ");
        }
    }

    fn close_item(&mut self, level: usize) {
        self.close_seq_like(level, '}');
    }

    /// Append the members written by another `Doc` at the same level.
    fn append(&mut self, other: Doc) {
        if self.json {
            let body = other.out.trim_start_matches('{');
            if let (Some(first), false) = (self.first.last_mut(), body.trim().is_empty()) {
                if !*first {
                    self.out.push(',');
                }
                *first = false;
            }
            self.out.push_str(body);
        } else {
            self.out.push_str(&other.out);
        }
    }

    fn finish(mut self) -> String {
        if self.json {
            self.out.push_str("\n}\n");
        }
        self.out
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Plain when YAML reads it back as the same text, else double-quoted.
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && s.parse::<f64>().is_err()
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !matches!(
            s,
            "true" | "false" | "True" | "False" | "null" | "Null" | "~" | "yes" | "no"
        );
    if plain { s.to_string() } else { json_string(s) }
}
