"""English text of the most used demo items (item schema version 2's `en`), keyed by name.

Items without an entry show in Chinese on an English screen, with a line saying so.
Plain, short English for a resident; each entry says what the Chinese says, in the same
order (conditions, process steps and materials translate the entry at their place).
"""

from __future__ import annotations

# -- departments --------------------------------------------------------------------------

SHEBAO = "City Social Insurance Administration Centre"
YIBAO = "City Healthcare Security Bureau"
GONGJIJIN = "City Housing Provident Fund Management Centre"
GONGAN = "City Public Security Bureau"

# -- what many items share ----------------------------------------------------------------

LOOK_UP_OWN = ["You can only look up your own records, so first prove who you are"]
LOOK_UP_STEPS = [
    "Prove who you are with your ID card or social security card",
    "Choose what you want to see",
    "Read the result on screen, and print it if you need to",
]
APPLY_STEPS = [
    "Prove who you are, then fill in the application on this terminal",
    "Photograph your documents here to send them",
    "The department receives and checks your application",
    "We send you a text message with the result",
]

NAME = {"label": "Your full name"}
ID_NUMBER = {"label": "Your ID number"}
PHONE = {"label": "Mobile phone number",
         "help": "We will send the result to this number by text message"}
DATE_HELP = "For example 2025-03-18 (year-month-day)"
YEAR = {"label": "Which year",
        "choices": {str(year): str(year) for year in range(2025, 2019, -1)}}

HOUSEHOLD_REGISTER = "Household register (hukou booklet): the first page and your own page"
PHOTO = "Recent ID photo (1 inch, white background, no hat)"

SHUIWU = "State Taxation Administration, City Tax Service"
PAY_STEPS = [
    "Prove who you are at this terminal",
    "Choose the contribution level",
    "Scan the payment QR code with your phone and pay",
    "Print your payment slip",
]

ENGLISH: dict[str, dict] = {
    "城乡居民医疗保险缴费": {
        "name": "Pay the residents' medical insurance",
        "department": SHUIWU,
        "summary": "Pay the 2027 residents' basic medical insurance, for yourself or for a "
                   "family member. Pay by scanning a QR code and print your slip here.",
        "conditions": ["You are enrolled in the city's residents' medical insurance",
                       "Pay with WeChat, Alipay or UnionPay QuickPass on your phone"],
        "process": PAY_STEPS,
        "materials": [],
    },
    "城乡居民养老保险缴费": {
        "name": "Pay the residents' pension insurance",
        "department": SHUIWU,
        "summary": "Pay the 2027 residents' basic pension insurance. You choose the level: "
                   "the higher it is, the more the government adds, and the larger your "
                   "pension later.",
        "conditions": ["You are enrolled in the city's residents' pension insurance",
                       "You are 16 or older and not a full-time student",
                       "Pay with WeChat, Alipay or UnionPay QuickPass on your phone"],
        "process": PAY_STEPS,
        "materials": [],
    },
    "个人权益记录查询（社保缴费记录查询）": {
        "name": "Social insurance record (what you have paid)",
        "department": SHEBAO,
        "summary": "See whether you have pension, medical, unemployment and work injury "
                   "insurance, and what was paid each month. You can print your record.",
        "conditions": LOOK_UP_OWN,
        "process": LOOK_UP_STEPS,
        "materials": [],
        "fields": {"year": YEAR},
    },
    "医保个人账户余额查询": {
        "name": "Medical insurance account balance",
        "department": YIBAO,
        "summary": "See your employee medical insurance personal account: the balance, "
                   "what is paid in each month and what you spent recently.",
        "conditions": LOOK_UP_OWN,
        "process": LOOK_UP_STEPS,
        "materials": [],
    },
    "养老保险待遇资格认证": {
        "name": "Confirm you can keep receiving your pension",
        "department": SHEBAO,
        "summary": "If you receive a monthly pension, you must confirm it once a year. "
                   "Do it here with a photo of your face: no need to go anywhere.",
        "conditions": [
            "You receive a monthly pension from this city",
            "You confirm once every 12 months",
        ],
        "process": [
            "Prove who you are with your ID card or social security card",
            "The terminal takes a photo of your face and compares it",
            "You see the result straight away, and can print it",
        ],
        "materials": ["Photo of your face, taken here"],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "phone": PHONE,
            "residence": {"label": "Where do you live now?",
                          "choices": {"local": "In this city",
                                      "elsewhere": "In another province or city",
                                      "abroad": "Outside mainland China"}},
        },
    },
    "个人参保证明打印": {
        "name": "Print proof of social insurance",
        "department": SHEBAO,
        "summary": "Print proof of your social insurance with an electronic seal, for buying "
                   "a home, moving your hukou, a child's school place and more. It counts "
                   "the same as one from a service counter.",
        "conditions": LOOK_UP_OWN,
        "process": LOOK_UP_STEPS,
        "materials": [],
        "fields": {
            "insurance": {"label": "Which insurance should the proof show?",
                          "choices": {"all": "All types",
                                      "pension": "Pension insurance",
                                      "medical": "Medical insurance",
                                      "unemployment": "Unemployment insurance"}},
        },
    },
    "养老金发放记录查询": {
        "name": "Pension payments",
        "department": SHEBAO,
        "summary": "See how much pension you were paid each month, into which bank, "
                   "and how it has changed over the years.",
        "conditions": LOOK_UP_OWN,
        "process": LOOK_UP_STEPS,
        "materials": [],
        "fields": {"year": YEAR},
    },
    "城乡居民基本医疗保险参保登记": {
        "name": "Join residents' basic medical insurance",
        "department": YIBAO,
        "summary": "For people not covered by employee medical insurance: residents with a "
                   "hukou or living in this city, and students. You pay once a year, in the "
                   "payment period.",
        "conditions": [
            "Your hukou is in this city, or you have this city's residence permit",
            "You do not have employee basic medical insurance",
        ],
        "process": APPLY_STEPS,
        "materials": [HOUSEHOLD_REGISTER],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "household_address": {"label": "Your hukou address",
                                  "help": "The address on your ID card"},
            "phone": PHONE,
            "category": {"label": "Which group are you in?",
                         "help": "For people in hardship, the government pays their share",
                         "choices": {"child": "Student or child",
                                     "adult": "Adult",
                                     "elderly": "Aged 60 or over",
                                     "assisted": "On minimum living allowance (dibao), "
                                                 "or other hardship support"}},
        },
    },
    "住房公积金账户余额查询": {
        "name": "Housing provident fund balance",
        "department": GONGJIJIN,
        "summary": "See your housing provident fund account: its status, balance, "
                   "monthly payment and how much you can take out.",
        "conditions": LOOK_UP_OWN,
        "process": LOOK_UP_STEPS,
        "materials": [],
    },
    "社会保障卡挂失": {
        "name": "Report a lost social security card",
        "department": SHEBAO,
        "summary": "If your social security card is lost or stolen, report it now. Its "
                   "medical insurance and bank functions stop at once, so nobody else can "
                   "use it.",
        "conditions": ["You report your own social security card from this city"],
        "process": [
            "Prove who you are",
            "Choose why you are reporting it, and confirm",
            "Your card is stopped at once; print your receipt",
        ],
        "materials": ["Your ID card, front and back"],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "phone": PHONE,
            "reason": {"label": "What happened to your card?",
                       "choices": {"lost": "Lost", "stolen": "Stolen",
                                   "other": "Something else"}},
        },
    },
    "户籍证明开具": {
        "name": "Hukou (household registration) certificate",
        "department": GONGAN,
        "summary": "Get a certificate of your hukou details, of a cancelled hukou, of a "
                   "former name and more. It has an electronic seal and counts the same as "
                   "a paper one from the police station.",
        "conditions": ["Your hukou is in this city, and you apply for yourself"],
        "process": [
            "Prove who you are",
            "Choose the certificate and say what it is for",
            "The certificate is made at once; print or download it",
        ],
        "materials": [HOUSEHOLD_REGISTER],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "phone": PHONE,
            "certificate": {"label": "Which certificate do you need?",
                            "choices": {"registration": "Hukou details",
                                        "cancelled": "Cancelled hukou",
                                        "former_name": "Former name",
                                        "same_person": "Two records are the same person"}},
            "purpose": {"label": "What is the certificate for?",
                        "help": "For example, an inheritance at a notary"},
        },
    },
    "异地就医备案": {
        "name": "Register for medical treatment in another city",
        "department": YIBAO,
        "summary": "If you live or work elsewhere for a long time, or must be treated "
                   "elsewhere, register first. Then you can pay with your card where you are "
                   "treated.",
        "conditions": [
            "You have basic medical insurance in this city",
            "If a doctor sends you elsewhere, you need a referral from a designated "
            "hospital in this city",
        ],
        "process": [
            "Prove who you are and fill in the details",
            "Send proof if it is needed",
            "You are registered at once, and get a text message",
        ],
        "materials": [
            "Proof that you live or work in the other place",
            "Hospital referral letter",
        ],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "phone": PHONE,
            "filing_type": {"label": "Why are you registering?",
                            "choices": {"resident": "I live elsewhere long term",
                                        "worker": "I work elsewhere",
                                        "referral": "A doctor sent me to a hospital elsewhere",
                                        "temporary": "I go elsewhere for treatment for a "
                                                     "short time"}},
            "destination": {"label": "Where will you be treated? (province and city)",
                            "help": "For example, Shenzhen, Guangdong"},
            "start_date": {"label": "From which date?", "help": DATE_HELP},
        },
    },
    "社会保障卡申领": {
        "name": "Apply for a social security card",
        "department": SHEBAO,
        "summary": "Apply for your first (third generation) social security card. It is "
                   "also a bank card. Choose here to collect it at a bank or have it posted "
                   "home.",
        "conditions": [
            "You pay social insurance in this city",
            "You have not applied for a social security card in this city before",
        ],
        "process": APPLY_STEPS,
        "materials": [PHOTO],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "phone": PHONE,
            "bank": {"label": "Choose a partner bank",
                     "choices": {"icbc": "Industrial and Commercial Bank of China",
                                 "ccb": "China Construction Bank",
                                 "abc": "Agricultural Bank of China",
                                 "boc": "Bank of China",
                                 "rcu": "Rural Commercial Bank"}},
            "delivery": {"label": "How do you want to get your card?",
                         "choices": {"branch": "Collect it at a bank branch",
                                     "post": "Post it to my home (free)"}},
            "delivery_address": {"label": "Postal address",
                                 "help": "Only if you chose post. Give the full address, "
                                         "with building and room number"},
        },
    },
    "居住证申领": {
        "name": "Apply for a residence permit",
        "department": GONGAN,
        "summary": "If your hukou is elsewhere and you have lived here over 6 months, with "
                   "a steady job, home or school here, apply for a residence permit to use "
                   "basic public services.",
        "conditions": [
            "You have lived in this city for at least 6 months",
            "You have a steady legal job, a steady legal home, or study here without a break",
        ],
        "process": APPLY_STEPS,
        "materials": [
            PHOTO,
            "Proof of where you live",
            "Proof of work or study",
        ],
        "fields": {
            "applicant_name": NAME,
            "applicant_id_number": ID_NUMBER,
            "phone": PHONE,
            "home_address": {"label": "Your address now",
                             "help": "Give the full address, with building and room number"},
            "reason": {"label": "Why do you live here?",
                       "choices": {"work": "Work", "study": "Study",
                                   "live": "To live (for example, with family)"}},
            "since": {"label": "When did you come to live in this city?", "help": DATE_HELP},
        },
    },
}
