"""Word lists the name recognizer reads: common first names, and capitalised words that are not
names. Kept apart from the patterns so a reviewer can read and extend them on their own."""

from __future__ import annotations

# Common first names. Names that are also everyday English words (Will, May, Grace, Hope,
# Mark, Bill, Jordan...) are left out: in a meeting message they are usually the word.
# A word list reads best as words, hence split() over a list literal.
FIRST_NAMES = """
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie
Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen
Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Julie
Olivia Joyce Evelyn Kelly Christina Lauren Joan Judith Megan Andrea Cheryl Hannah Jacqueline
Martha Gloria Teresa Ann Anne Sara Frances Kathryn Janice Jean Abigail Alice Judy Sophia
Denise Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie
Kayla Alexis Lori Eleanor Dorothy Ruth Jane Louise Agnes Edith Mildred Irene Lucy Clara Rosa
Carmen Ana Lucia Guadalupe Juana Fatima Aisha Amina Priya Anjali Sunita Mei Yuki Keiko Ngozi
Leila Yasmin Nadia Olga Svetlana Ingrid Sofia Elena Gabriela Valentina Camila Daniela Mariana
Paula Beatriz Francesca Giulia Anita Rita Gina Tina Tanya Tamara Monica Veronica Vanessa
Erica Erin Kristen Holly Leah Naomi Miriam Esther Lydia Vivian Sylvia Norma Wanda Gladys
Bernice Ethel Thelma Mabel Lorraine Peggy Sally Wendy Yvonne Yolanda Maxine Darlene Rhonda
Renee Jill Kathy Cathy Debbie Becky Jenny Katie Maggie Molly Annie Chloe Zoe Mia Nora Stella
Ella Aaliyah Imani Keisha Latoya Tasha Jasmine Kiara Bernadette Josephine Harriet Ida Vera
Nina Lena Rosemary Colleen Maureen Siobhan Bridget Fiona Gemma
James Robert John Michael David William Richard Joseph Thomas Charles Christopher Daniel
Matthew Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald
Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott
Brandon Benjamin Samuel Gregory Alexander Patrick Raymond Dennis Jerry Tyler Aaron Jose Adam
Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy Keith Roger Terry Sean
Gerald Carl Harold Dylan Arthur Lawrence Jesse Bryan Billy Bruce Gabriel Joe Logan Albert
Willie Alan Eugene Russell Vincent Philip Bobby Johnny Bradley Roy Ralph Louis Howard Fred
Randy Victor Martin Ernest Phillip Todd Craig Shawn Clarence Earl Jimmy Antonio Danny Tony
Luis Mike Stanley Leonard Nathaniel Dale Manuel Rodney Curtis Norman Allen Marvin Glenn Travis
Jeff Chad Melvin Alfred Francisco Bernard Leroy Herbert Frederick Joel Edwin Eddie Ricky Troy
Randall Barry Mario Leon Francis Marcus Theodore Clifford Miguel Oscar Jim Tom Calvin Alex
Ronnie Lloyd Tommy Derek Warren Darrell Jerome Floyd Alvin Tim Wesley Gordon Greg Jorge Pedro
Derrick Dan Lewis Corey Herman Maurice Roberto Clyde Hector Ricardo Sam Rick Lester Brent
Ramon Charlie Gilbert Marc Reginald Ruben Brett Rafael Edgar Milton Raul Ben Chester Duane
Franklin Andre Brad Ron Mitchell Roland Arnold Harvey Jared Adrian Karl Claude Erik Darryl
Neil Javier Fernando Ted Tyrone Darren Julio Kurt Nelson Hugh Dwayne Dwight Felix Ian Ken
Bob Alfredo Alberto Dave Ivan Sidney Julian Isaac Morris Andy Sergio Kirk Seth Eduardo
Enrique Mohammed Muhammad Mohamed Ahmed Omar Hassan Ibrahim Yusuf Mustafa Karim Tariq Raj
Rajesh Ravi Sanjay Amit Arjun Vikram Rahul Deepak Suresh Wei Hiroshi Kenji Emeka Kwame Kofi
Tunde Dmitri Sergei Igor Andrei Pavel Piotr Lukas Hans Pierre Jacques Giovanni Giuseppe Marco
Luca Matteo Alessandro Diego Alejandro Santiago Mateo Carlos Juan Liam Connor Declan Niall
Hamish Callum Rhys Owen Gareth Evan
""".split()  # noqa: SIM905

# Capitalised words that follow a title, role or sign-off without being a name.
NOT_NAMES = frozenset(
    """
    The This That These Those A An We I It He She They You Our My His Her Their And But Or So
    If When All Everyone Staff Team Teams Group Family Primary Emergency Department Unit Ward
    Nurse Nurses Doctor Doctors Practice Best Board Committee Medicine Record Records Chart
    Portal Experience Safety Care Letter Letters Advocate Advocates Advisory Council Services
    Service Relations Education Satisfaction Access Intake Visit Visits Office Notes Note
    Center Centre Clinic Hospital Health Medical Survey Feedback Voice Voices Story Stories
    Day Week Month Year Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December First
    Flow Navigator Navigation Engagement Centered Centred ID Number MRN Portals Messages
    Bank Pharmacy Insurance Lab Labs Street Avenue Road
    """.split()  # noqa: SIM905
)
TITLES = frozenset({"Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof"})
# A "name" right before one of these names a place: "Mary Washington Hospital".
INSTITUTIONS = frozenset(
    {"Hospital", "Hospitals", "Clinic", "Medical", "Health", "Healthcare", "Center", "Centre"}
    | {"University", "Memorial", "Foundation", "Institute", "Medicine", "College", "School"}
)

# Work words that the name lists hold as names and not as everyday words: a pair of them
# ("Huddle Board") must not read as a full name.
WORK_WORDS = frozenset(
    """
    huddle auth prior inbox epic cerner athena meditech allscripts dragon haiku rover canto
    """.split()  # noqa: SIM905
)

# Health systems named after people: "Virginia Mason style huddles" names a place, not a patient.
NAMED_INSTITUTIONS = frozenset(
    {"Virginia Mason", "Johns Hopkins", "Henry Ford", "Mary Washington", "Beth Israel"}
    | {"Dartmouth Hitchcock", "Mary Bridge", "Scott White", "Baylor Scott", "Cedars Sinai"}
    | {"Mass General", "Brigham Young", "Kaiser Permanente", "Robert Wood Johnson"}
    | {"Anne Arundel", "Ann Arbor", "Grady Memorial", "Billings Clinic", "Mount Sinai"}
    | {"Sloan Kettering", "Memorial Sloan", "Dana Farber", "Fred Hutch", "Fred Hutchinson"}
    | {"Shirley Ryan", "Lenox Hill", "Lucile Packard", "Rady Children", "Hackensack Meridian"}
    | {"Sarah Cannon", "Rush Copley", "Barnes Jewish", "Nemours Alfred"}
)

# Payers, pharmacies, vendors and drug makers whose names the lists also hold as surnames:
# "Humana needs a peer-to-peer" names a company, not a patient.
ORGANISATIONS = frozenset(
    """
    Humana Aetna Cigna Anthem Optum Kaiser Centene Molina Ambetter Highmark Wellcare Tricare
    Walgreens Kroger Costco Walmart Safeway Albertsons Wegmans Publix Meijer Caremark Express
    Medtronic Dexcom Abbott Pfizer Merck Lilly Novo Sanofi Amgen Genentech Bayer Janssen Moderna
    Cardinal McKesson Labcorp Quest Availity Navinet Covermymeds Surescripts Doximity Zocdoc
    Teladoc Amwell Phreesia Nuance Abridge Suki Nabla Greenway Nextgen Eclinicalworks Kareo
    Ganey Vizient Leapfrog Stryker Qualtrics Salesforce Workday Kronos Imprivata Vocera
    """.split()  # noqa: SIM905
)

# Role, tool and chat words that the name lists hold as surnames and not as everyday words:
# "payer wants a peer-to-peer", "courier called", "last pt slot 4:40" name no patient.
SURNAME_LIKE_WORDS = frozenset(
    """
    ack acks batch biller billers bot bots bureau clerk clerks coder coders courier couriers
    docker draft drafts ehr header hey leader leaders llama newcomer newcomers owner owners
    payer payers payor payors provost query reader readers runner runners schema slack stack
    stock tester testers yep yup cheers hola bye
    slot slots files links waits lacks pile dupes joins freed backs badge ballot batches bounds
    catching debates gathers harness hash idle laws leap lease merges parse qual suits torch
    trick tune tuning vote wage wages waste
    """.split()  # noqa: SIM905
)

# Diseases and signs named after people: "cushing, addison, graves" names conditions.
EPONYMS = frozenset(
    """
    addison alzheimer asperger bell barrett buerger cushing crohn dupuytren graves guillain
    hashimoto hodgkin huntington kawasaki marfan meniere paget parkinson peyronie raynaud
    reiter sjogren tourette wernicke korsakoff wilson whipple
    burkitt sachs niemann ehlers danlos colles schlatter osgood hartmann heimlich babinski
    mcburney brudzinski kernig gehrig kaposi ewing wilms hirschsprung charcot
    """.split()  # noqa: SIM905
)

# Words the name lists hold as surnames that name no patient in a clinic's chat, read by the
# rare-surname rule (bot.privacy.rare_names), which needs nothing beside a word: health systems
# and hospitals named after people or places, eponymous signs, scores, manoeuvres and
# operations, and places. Lower case, one word each (hyphenated names are split).
HEALTH_SYSTEMS = frozenset(
    """
    geisinger kettering sloan farber hutch hutchinson ochsner intermountain sutter dignity
    atrium novant sentara allina essentia sanford avera marshfield gundersen beaumont corewell
    piedmont emory vanderbilt northwell langone montefiore hopkins cedars sinai lahey dartmouth
    hitchcock brigham christiana inova carilion wellstar froedtert bellin thedacare promedica
    summa munson bronson erlanger wakemed vidant prisma baycare hermann parkland hendrick
    scripps hoag multicare peacehealth renown mayo cleveland permanente kaiser baylor
    methodist presbyterian ascension commonspirit advocate aurora spectrum trinity mercy
    providence banner adventhealth hackensack meridian nemours packard lurie rady seattle
    benioff mott ucsf ucla upmc uchicago jefferson penn yale stanford duke rush loyola
    northwestern wexner nationwide cincinnati lenox hackensack virtua cooper lehigh hershey
    wellspan baystate dartmouth tufts lahey beth israel deaconess cottage valleywise
    banner honorhealth abrazo dignity mercyhealth bryan nebraska creighton avera monument
    """.split()  # noqa: SIM905
)
EPONYM_TERMS = frozenset(
    """
    epley hallpike dix apgar gleason braden caprini ranson pugh framingham fontan norwood
    blalock taussig billroth nissen heller mohs foley swan ganz seldinger trendelenburg
    valsalva lachman mcmurray phalen tinel finkelstein spurling romberg homans rovsing kehr
    cullen chvostek trousseau kussmaul cheyne stokes biot korotkoff osler janeway virchow
    hoffmann gowers weber rinne snellen amsler ishihara jaeger tanner bayley conners folstein
    katz lawton barthel karnofsky alvarado centor mcisaac waterlow cockcroft gault friedewald
    hasselbalch doppler holter wolff brugada mobitz wenckebach prinzmetal takotsubo henoch
    schonlein wegener churg strauss behcet kallmann klinefelter noonan prader willi angelman
    rett gaucher fabry pompe hurler duchenne becker guillain barre lambert horner argyll
    chiari walker sturge willebrand lindau recklinghausen zollinger ellison mallory boerhaave
    zenker schatzki plummer vinson meckel peutz jeghers dubin crigler najjar budd kayser
    fleischer courvoisier meigs krukenberg asherman leventhal bartholin skene nabothian
    braxton hegar goodell naegele leopold ortolani barlow galeazzi perthes legg calve sever
    kienbock monteggia rolando lisfranc chopart maisonneuve salter segond sachs bankart
    ledderhose quervain heberden bouchard durkan froment wartenberg simmonds mulder haglund
    kocher pfannenstiel gerota glisson treitz wirsung santorini calot morison retzius scarpa
    hesselbach spigelian richter littre amyand grynfeltt hartmann whipple roux ehlers danlos
    parkinson alzheimer crohn hashimoto cushing addison graves bell gehrig lou tourette
    huntington hodgkin kaposi ewing wilms hirschsprung charcot marie tooth raynaud sjogren
    dupuytren peyronie meniere marfan kawasaki reiter wernicke korsakoff asperger down
    heimlich babinski brudzinski kernig mcburney colles barrett paget buerger osgood schlatter
    lyme chagas ebstein eisenmenger fallot kartagener kasabach merritt kimura kikuchi kussmaul
    seuss lhermitte mees muehrcke nikolsky auspitz koebner darier wickham stemmer quincke
    """.split()  # noqa: SIM905
)
# Quality-improvement methods, charts and survey instruments named after people, and medical
# supply vendors: "the gantt chart", "bland-altman plot", "byram faxes daily".
METHODS_AND_VENDORS = frozenset(
    """
    gantt pareto ishikawa shewhart deming juran bland altman kaplan meier likert maslach
    spearman pearson wilcoxon kruskal wallis tukey bonferroni cronbach kirkpatrick lewin
    kotter donabedian kaizen gemba kanban heijunka jidoka toyota ohno nelson provost langley
    byram edgepark apria lincare adapthealth rotech medline owens schein hanger
    wolters kluwer uptodate elsevier lexicomp medscape epocrates dynamed visualdx openevidence
    tagalog spanish mandarin cantonese vietnamese somali amharic tigrinya haitian creole kreyol
    hmong burmese nepali marshallese chuukese punjabi urdu farsi dari pashto arabic russian
    ukrainian polish portuguese korean japanese tongan samoan ilocano cebuano swahili oromo
    salaam salam mubarak eid shalom namaste kia ora koutou aloha mahalo dober vsem zdravo privet
    spasibo arigato shukran asante habari jambo sawubona ramadan diwali hanukkah kwanzaa
    """.split()  # noqa: SIM905
)
PLACES = frozenset(
    """
    springfield tacoma spokane boise fresno modesto stockton yakima duluth peoria topeka
    wichita tulsa lubbock amarillo abilene waco laredo macon augusta savannah mobile biloxi
    shreveport lafayette gainesville tallahassee pensacola sarasota naples tampa orlando
    """.split()  # noqa: SIM905
)
GAZETTEER = HEALTH_SYSTEMS | EPONYM_TERMS | PLACES | METHODS_AND_VENDORS

# Clinic and chat shorthand, and EHR and product names, that English text rarely holds: after
# "pt" or a first name they are not a surname ("pt mychart msg", "pt awv due", "jen tmrw").
CLINICAL_SHORTHAND = frozenset(
    """
    mychart inbasket athenahealth athenanet eclinicalworks doximity awv hha eob tmrw tmw wfh
    lvm qid tid bid prn ptl snf dme fmla hipaa tcm ccm cmp bmp a1c ekg ecg xray inr tsh cbc
    hx dx tx sx fx rx cx px hpi ros pmh psh fhx shx meds med rec recs reqs appts appt sched
    pcp np pa rn lpn cna ma msw cm ot pt slp rt ed er icu pacu picu nicu nsg ortho cardio
    derm gyn obgyn peds neuro onc rheum endo nephro pulm gi ent uro psych bh ssw hh vna
    postop preop periop dc dcd dcs adm readmit readmits refill refills rfl rfls noshow noshows
    telehealth televisit teledoc mymayo followmyhealth healthelife patientgateway zocdoc
    kareo nextgen drchrono practicefusion allscripts meditech cerner epic haiku canto rover
    covermymeds surescripts availity navinet phreesia luma weave solutionreach klara
    resched rescheds reschedd lmk lmao smh tbh idk imo omg brb ttyl nvm thx pls plz asap eod eow fyi ooo pto
    """.split()  # noqa: SIM905
)

# Brand names of drugs and devices that prior authorisations, refills and denials name, which
# English text rarely holds ("pt ozempic PA denied", "her daughter's dupixent"): not surnames.
DRUG_BRANDS = frozenset(
    """
    ozempic wegovy mounjaro zepbound trulicity victoza saxenda rybelsus byetta bydureon
    jardiance farxiga invokana steglatro januvia janumet tradjenta glyxambi synjardy xigduo
    lantus levemir tresiba toujeo basaglar semglee humalog novolog admelog apidra fiasp lyumjev
    humulin novolin afrezza soliqua xultophy dexcom libre omnipod tandem medtronic
    eliquis xarelto pradaxa savaysa coumadin jantoven plavix brilinta effient lovenox
    entresto corlanor verquvo kerendia inpefa multaq repatha praluent leqvio nexletol nexlizet
    vascepa lipitor crestor zocor pravachol livalo zetia welchol
    humira dupixent stelara skyrizi tremfya taltz cosentyx otezla rinvoq xeljanz olumiant
    enbrel remicade inflectra renflexis avsola simponi cimzia orencia actemra kevzara entyvio
    ocrevus kesimpta tysabri gilenya tecfidera vumerity mayzent zeposia aubagio copaxone
    nurtec ubrelvy qulipta aimovig ajovy emgality vyepti botox reyvow
    keytruda opdivo yervoy tecentriq imfinzi ibrance kisqali verzenio tagrisso xtandi zytiga
    erleada nubeqa lynparza revlimid pomalyst darzalex imbruvica calquence venclexta neulasta
    udenyca fulphila ziextenzo neupogen granix procrit retacrit aranesp epogen xgeva prolia
    evenity forteo tymlos reclast fosamax boniva
    vivitrol sublocade suboxone zubsolv narcan kloxxado lucemyra chantix
    paxlovid lagevrio tamiflu xofluza veklury evusheld biktarvy descovy truvada genvoya
    symtuza dovato triumeq juluca cabenuva apretude sunlenca epclusa mavyret harvoni
    symbicort advair breo trelegy anoro stiolto spiriva incruse tudorza ellipta dulera
    flovent qvar pulmicort arnuity asmanex alvesco xolair nucala fasenra tezspire
    singulair proair ventolin xopenex proventil
    abilify rexulti vraylar caplyta latuda seroquel zyprexa risperdal invega aristada
    uzedy perseris ingrezza austedo auvelity spravato trintellix viibryd fetzima
    adderall vyvanse ritalin concerta focalin strattera qelbree intuniv jornay azstarys
    xanax klonopin ativan valium ambien lunesta belsomra dayvigo quviviq
    lasix bumex demadex aldactone inspra coreg toprol lopressor norvasc diovan cozaar benicar
    lexapro zoloft prozac paxil celexa wellbutrin cymbalta effexor pristiq buspar
    synthroid levoxyl unithroid tirosint armour cytomel
    xiidra restasis cequa miebo vevye eylea lucentis vabysmo beovu syfovre izervay
    myrbetriq gemtesa vesicare detrol flomax cialis viagra proscar avodart
    premarin estrace prempro duavee osphena nexplanon mirena kyleena skyla liletta paragard
    linzess amitiza trulance motegrity xifaxan creon zenpep pancreaze ocaliva
    eucrisa opzelura vtama zoryve
    doxy zpak augmentin keflex bactrim cipro levaquin macrobid diflucan valtrex
    """.split()  # noqa: SIM905
)
# USAN stems, the endings the United States Adopted Names council gives generic drug names
# ("-gliflozin", "-mab", "-statin"): a word ending so is a drug, not a surname.
DRUG_STEM = r"(?:mab|cept|nib|tinib|ciclib|parib|zomib|pril|sartan|statin|olol|dipine|azole|cillin|mycin|floxacin|cycline|vir|tide|glutide|gliflozin|gliptin|parin|xaban|gatran|prazole|tidine|afil|triptan|setron|lukast|terol|tropium|sonide|asone|olone|lone|pam|lam|zepam|zolam|pine|peridone|piprazole|oxetine|ipramine|triptyline|faxine|barbital|caine|dronate|lutamide|relix|ruxolitinib|citinib)"

# Common English words (Zipf frequency 4.3 or more) that philter's lists hold as surnames but
# not as words, read by hand from that list; words that are also common surnames ("hunter",
# "price", "lane", "king") are left out and stay possible names. Read as words by every rule.
EVERYDAY_WORDS = frozenset(
    """
    africa alliance angel angeles arab arena artist asia bang battle bears belong bench bible
    billion bonus boom boss brands brave brilliant bull bunch bureau butter cable calendar camp
    cape captain century champion charity cheap christ christian christians christmas citizen
    cloud colonel commander congress cops council courage courts craft creek crew crimes crown
    cute dare deck deputy desert diamond dies dollar draft dude earth eastern economy fake famous
    fancy fate favorite favour files flood flower flowers forest fortune freedom fuel gallery
    gang genius gift glory gotta governor grass greek guess guest guitar hang heaven hell hence
    heritage hero hide hire holes holy honor honour horse hunting islam israeli jury keys killer
    kinda kingdom knock labour land landing lands latin laws leader leaders league learned
    leather legacy lesson liberal links loan lord love loving lucky magazine magic marine marry
    master masters mayor medal mess mexican million minister moral mountain nation nations navy
    north northern novel owner painting palace parliament payment piano pitch player poll pope
    powers pray precious pride profit proud province radio rally rank reader register rent roads
    rocks romance royal sake salary sale schools seats secret sell selling senator sept shall
    shoot shore silence singer singles solo song soul southern speaker sport stats steel streets
    strike string styles suit summit supreme surprise sword talent thousand throw tiger trail
    trailer trees trick urban victory virgin vote wage wanna wars waste wedding welfare western
    wings winner winners winning wooden world
    arizona berlin brazil cambridge canada carolina colorado dallas florida france germany
    houston iran israel jersey kansas liverpool london madrid manchester melbourne oregon oxford
    pacific paris rome scotland spain sweden syria sydney texas toronto vegas virginia wales
    hollywood disney vallejo
    """.split()  # noqa: SIM905
)
