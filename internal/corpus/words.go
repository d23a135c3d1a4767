package corpus

import "strings"

// The word pools are untyped string constants, split into slices once per
// Generate (see newVocab), so the package holds no mutable state. Multi-word
// entries are one per line; single words are separated by any white space.

// tagList: 60 NHS-digital tags. Some are deliberately not lower-case-hyphenated
// ("CCIO", "FHIR", "dm+d") so tag slugging is exercised.
const tagList = `cybersecurity
electronic-patient-records
leadership
CCIO
interoperability
CNIO
CIO
clinical-safety
data-protection
information-governance
shared-care-records
integrated-care-systems
digital-maturity
cloud
infrastructure
network
telehealth
virtual-wards
remote-monitoring
artificial-intelligence
machine-learning
analytics
population-health
data-platforms
FHIR
HL7
SNOMED-CT
dm+d
openEHR
APIs
identity
NHS-login
NHS-app
patient-portals
e-prescribing
pharmacy
diagnostics
imaging
pathology
primary-care
GP-IT
community-care
mental-health
social-care
ambulance
emergency-care
procurement
funding
workforce
digital-skills
user-research
service-design
accessibility
open-source
standards
clinical-coding
research
sustainability
digital-inclusion
automation`

const organisationList = `NHS England
NHS Digital
NHSX
Department of Health and Social Care
NHS Scotland
Digital Health and Care Wales
HSC Northern Ireland
UK Health Security Agency
Care Quality Commission
NICE
MHRA
Health Education England
NHS Business Services Authority
NHS Supply Chain
Royal College of Physicians
Royal College of Nursing
BCS Faculty of Health and Care
Faculty of Clinical Informatics
Professional Record Standards Body
The King's Fund
Nuffield Trust
Health Foundation
Leeds Teaching Hospitals NHS Trust
Manchester University NHS Foundation Trust
Guy's and St Thomas' NHS Foundation Trust
University Hospitals Birmingham NHS Foundation Trust
Cambridge University Hospitals NHS Foundation Trust
Oxford University Hospitals NHS Foundation Trust
Newcastle upon Tyne Hospitals NHS Foundation Trust
Royal Free London NHS Foundation Trust
Barts Health NHS Trust
Sheffield Teaching Hospitals NHS Foundation Trust
North West London ICB
Cheshire and Merseyside ICB
West Yorkshire ICB
Kent and Medway ICB
Frimley ICB
South Yorkshire ICB
Greater Manchester ICB
Bristol, North Somerset and South Gloucestershire ICB`

const publisherList = `NHS England
Department of Health and Social Care
NHS Digital
NHSX
NHS Scotland
Welsh Government
NICE
Care Quality Commission
Cabinet Office
Central Digital and Data Office
National Cyber Security Centre`

const firstNameWords = `
Aisha Alan Amara Andrew Anita Ben Bethan Catherine Chidi Claire Daniel Deepa
Eleanor Emeka Fiona Gareth Grace Hannah Harpreet Ian Imran James Jane Joanna
Kamal Karen Kwame Laura Liam Mairead Mark Meera Michael Nadia Natasha Niamh
Oliver Olusegun Priya Rachel Rajesh Rhys Rosa Sam Sarah Siobhan Sunil Tom
Victoria Yusuf Zara`

const lastNameWords = `
Adebayo Ahmed Anderson Bennett Bhatt Campbell Chen Clarke Davies Edwards Evans
Fletcher Gallagher Green Gupta Harris Hughes Iqbal Jackson Jones Kaur Kelly
Khan Lewis Lloyd Macdonald Mensah Morgan Murphy Nwosu O'Brien Okafor Patel
Price Roberts Robinson Shah Singh Smith Taylor Thomas Thompson Walker Watson
Williams Wilson Wright Young`

const roleList = `Chief Clinical Information Officer
Chief Nursing Information Officer
Chief Information Officer
Chief Digital Officer
Director of Digital
Head of Cyber Security
Clinical Safety Officer
Data Protection Officer
Head of Informatics
Digital Programme Director
EPR Programme Lead
Chief Technology Officer
Head of Data and Analytics
GP and Clinical Lead
Consultant and Digital Lead
Director of Transformation`

// Syllables for invented proper nouns (places, products): they make the
// vocabulary grow with corpus size, which matters for search-index size.
const (
	placeFirstWords  = `ash bel brad car dun elm fair glen har kin lan mar nor oak pen ral sel tam wick ald bri cor dal fen gor hol lin mor pel`
	placeSecondWords = `ford ham ton ley bury field wood mouth stead brook dale gate well wick by combe thorpe worth chester more`
	productWords     = `Connect Care Link Hub View Flow Record Gateway Exchange Portal Insight Bridge`
	hospitalWords    = `General Royal Community District`
)

const nounWords = `
system record patient clinician nurse doctor pharmacist ward trust board
programme project platform service team strategy plan budget contract
supplier vendor interface integration standard dataset database report
dashboard pathway referral appointment discharge admission prescription
medication allergy observation result diagnosis outcome workflow process
policy framework guidance risk incident breach threat vulnerability patch
firewall network server cloud migration infrastructure device tablet laptop
workstation login identity password account role permission audit log
consent record-sharing portal app message notification alert rota workforce
training skill capability culture leadership governance assurance committee
evidence evaluation pilot rollout deployment go-live cutover downtime backlog
waiting-list capacity demand flow bed theatre clinic outpatient inpatient
community practice surgery pharmacy laboratory specimen image scan radiology
pathology screening vaccination population cohort registry analytics model
algorithm insight metric indicator target benchmark milestone roadmap vision
ambition priority investment funding business-case procurement tender
framework-agreement licence maintenance support helpdesk ticket request
change release version upgrade feature requirement specification design
prototype user citizen carer family community region system-partner
partnership collaboration network-effect transformation improvement
efficiency productivity safety quality experience access equity inclusion
literacy engagement feedback survey interview workshop session conference`

const verbWords = `
improves supports enables delivers reduces increases integrates connects
replaces extends simplifies automates accelerates streamlines strengthens
protects secures monitors tracks records captures shares exchanges publishes
reviews assesses evaluates measures prioritises coordinates aligns manages
governs oversees funds procures deploys configures tests validates migrates
upgrades retires consolidates standardises transforms modernises informs
shapes drives underpins complements challenges exposes highlights reveals
demonstrates requires expects assumes anticipates addresses resolves`

const verbBaseWords = `
improve support enable deliver reduce increase integrate connect replace
extend simplify automate accelerate streamline strengthen protect secure
monitor track record capture share exchange publish review assess evaluate
measure prioritise coordinate align manage govern oversee fund procure deploy
configure test validate migrate upgrade retire consolidate standardise
transform modernise inform shape drive underpin learn listen build design`

const adjectiveWords = `
clinical digital national regional local integrated shared secure resilient
robust scalable modern legacy existing new current future strategic
operational technical practical significant substantial measurable
sustainable effective efficient safe reliable consistent interoperable
open proprietary structured unstructured real-time near-real-time
patient-facing clinician-facing frontline acute primary secondary community
complex simple critical essential important difficult ambitious realistic
early late phased incremental agile iterative collaborative multidisciplinary
cross-organisational system-wide trust-wide board-level mature immature
fragmented joined-up paper-based electronic automated manual remote virtual`

const adverbWords = `
significantly rapidly gradually consistently carefully deliberately
increasingly largely broadly quickly slowly safely securely reliably
effectively jointly openly routinely typically frequently occasionally`

const (
	determinerWords  = `the the the a our their each every this that`
	prepositionWords = `across within for with through between alongside beyond around into under over without`
	conjunctionWords = `and but while because although so whereas`
)

const openerList = `In practice,
In our experience,
Crucially,
At the same time,
As a result,
For example,
In the longer term,
To be clear,
Over the past year,
Put simply,
By contrast,
In many trusts,
Understandably,
From the outset,
Looking ahead,`

// Question and heading templates: {np} is a noun phrase without its
// determiner, {n} and {n2} nouns, {adj} and {Adj} an adjective, {role} the
// interviewee's role in lower case.
const questionList = `How did you approach {np}?
What has been the biggest challenge with {np}?
Where does {np} fit into your {n2} strategy?
What would you do differently on {np}?
How do you measure the impact of {np}?
Who needs to be involved in {np}?
What advice would you give a new {role} about {np}?
How has {np} changed over the last five years?
What role should the board play in {np}?
How do clinicians feel about {np}?
Is {np} a technology problem or a people problem?
What does good look like for {np}?
How are you funding {np}?
What is next for {np}?`

const headingList = `{Adj} {n} and {n2}
Why {n} matters
Lessons from the {n} programme
The case for {adj} {n}
Getting {n} right
{Adj} {n} in practice
Measuring {n}
What the {n} data tells us
Risks and {n2}
Next steps for {n}
Working with {n2}
Background
Key findings
Recommendations
Implementation
Governance and assurance`

const strategyHeadingList = `Purpose
Scope
Key commitments
Delivery timeline
Funding
Governance
Measures of success
Status and review`

// lines splits a one-entry-per-line constant.
func lines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }

// words splits a white-space separated constant.
func words(s string) []string { return strings.Fields(s) }
