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
