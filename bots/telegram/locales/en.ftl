welcome = Hello! This is the { $region } social assistance service. Tap a button below to choose what you need; send "Cancel" at any time to start over.
menu-apply = 📝 Apply for a service
menu-status = 🔎 My requests
menu-complain = 📣 Complaint or suggestion
menu-human = 👩‍💼 Talk to a person
menu-language = 🌐 Language
choose-language = Please choose a language:
language-set = Fine, I will write in English from now on.
cancel = ❌ Cancel
skip = Skip
cancelled = Cancelled; nothing was sent. Come back any time.
back-to-menu = What would you like to do?
please-use-buttons = Please tap one of the buttons below.
need-text = Please type your answer for this step, or tap a button below.
apply-ask-for = Who is this application for?
apply-for-self = For myself
apply-for-family = For a family member (I am a relative or guardian)
apply-ask-proxy-name = Please tell me your own name (you apply for them).
apply-ask-relation = How are you related to the applicant?
relation-child = Son or daughter
relation-spouse = Spouse
relation-parent = Parent
relation-guardian = Guardian
relation-other = Other relative
apply-ask-name = Please tell me the applicant's name (as on the ID card).
apply-ask-id = Please type the applicant's 18-character ID number.
id-problem-format = An ID number has 18 characters: 17 digits and then a digit or X. No problem, please type it again slowly.
id-problem-address = The first 6 digits do not look right. Please check the ID card and type it again.
id-problem-birth = The birth date inside the number does not look right. Please check the ID card and type it again.
id-problem-check = One digit may be mistyped (the last character does not match). Please check the ID card and type it again.
apply-ask-phone = Tap “📱 Share my phone number” below (easiest: no need to check the number), or type a mobile or landline number.
apply-share-phone = 📱 Share my phone number
apply-phone-not-contact = Please tap the "📱 Share my phone number" button; no need to type it.
apply-phone-invalid = This is not a mainland China mobile number. Ask a family member to help, or tap "Talk to a person".
contact-not-own = This contact is not your own. Please tap the "📱 Share my phone number" button below to share your own number.
apply-ask-county = Which county (city, district) does the applicant live in?
apply-ask-township = Which township (street)?
apply-ask-village = Which village (community)? Tap "Skip" if you are not sure.
apply-ask-group = Which kind of assistance does the applicant receive now?
apply-ask-category = Which kind of service is needed?
apply-ask-item = Choose the services. You can pick several; tap "✅ Done" when finished.
apply-item-done = ✅ Done
apply-item-added = Chosen: { $items }. Pick more, or tap "✅ Done".
apply-item-none = Please choose at least one service.
apply-ask-description = Tell us briefly what help is needed, as text or a voice message. Tap "Skip" to leave it out.
apply-ask-consent = Once a service is arranged, the applicant's name, phone and address go to the department or provider that serves them. Do you agree?
consent-yes = I agree
consent-no = I do not agree
apply-summary =
    Please check your application:
    Applicant: { $name } (ID { $idMasked })
    Phone: { $phone }
    Applying for them: { $proxy }
    Address: { $place }
    Assistance: { $group }
    Services: { $items }
    Description: { $description }
    Consent to share: { $consent }
    If all is right, tap “✅ Submit”; to change something, tap “✏️ Change”.
nobody = none
voice-note = (voice message)
confirm = ✅ Submit
apply-registered = Your application was registered as case { $caseNumber }. Staff will visit within the set time; please keep your phone on.
apply-merged = These services are already being handled under case { $caseNumber }; no need to apply again.
apply-queued = Your application is saved. The system is busy right now; I will send the case number as soon as it is registered.
apply-rejected = The application could not be sent: { $reason } Tap "📝 Apply for a service" to fill it in again, or "Talk to a person".
status-none = No application found yet for the phone number { $phone }.
status-need-phone = Please tap "📱 Share my phone number" first and I will look it up.
status-line = { $caseNumber } ({ $whose }, { $date }): { $items } — { $status }
status-header = Your applications:
status-unavailable = I cannot look up the progress right now. Please try later, or tap "Talk to a person".
status-code-sent =
    To protect your information, a 6-digit code was texted to the phone number on your file. Please type it here.
    No text? Your number may not be confirmed yet: bring your ID card to the township office to confirm it, or tap "Talk to a person".
status-code-format = Please type the 6-digit code from the text message.
status-code-wrong = That code is not right. Please check the text message and type it again.
status-code-failed = The code was wrong several times, so to protect your information I stop here. Tap "🔎 My applications" later for a new code, or tap "Talk to a person".
status-too-many = There have been many look-ups. To protect your information, please try again a little later, or tap "Talk to a person".
push-registered = Your application was registered as case { $caseNumber }.
push-merged = These services are already being handled under case { $caseNumber }.
push-investigated = Case { $caseNumber }: staff have made the home visit; the application is being reviewed.
push-approved = Case { $caseNumber }: "{ $item }" was approved. The service will be arranged soon.
push-rejected = Case { $caseNumber }: "{ $item }" was not approved this time. Reason: { $reason } If you disagree, tap "📣 Complaint or suggestion".
push-stopped = Case { $caseNumber }: "{ $item }" stops from { $from }. Reason: { $reason } If you disagree, tap "📣 Complaint or suggestion".
push-referred-provider = Case { $caseNumber }: "{ $item }" was passed to { $receiver }; they will call you to agree a time.
push-referred-provider-unnamed = Case { $caseNumber }: "{ $item }" was passed to a service provider; they will call you to agree a time.
push-referred-department = Case { $caseNumber }: "{ $item }" was passed to { $receiver }.
push-referred-department-unnamed = Case { $caseNumber }: "{ $item }" was passed to the responsible department.
push-visit-scheduled = A visit for "{ $item }" is scheduled for { $when }.
push-visit-delivered = The visit for "{ $item }" was delivered and recorded ({ $when }).
push-received = { $receiver } has received your request for "{ $item }" and is arranging it.
push-received-unnamed = The service provider has received your request for "{ $item }" and is arranging it.
push-accepted = { $receiver } has taken on "{ $item }" and will serve you.
push-accepted-unnamed = The service provider has taken on "{ $item }" and will serve you.
push-completed = { $receiver } has completed "{ $item }". If you are not satisfied, tap "📣 Complaint or suggestion".
push-completed-unnamed = The service provider has completed "{ $item }". If you are not satisfied, tap "📣 Complaint or suggestion".
status-hidden = This phone number is also on other people's applications. To protect their information, only the applications made in this chat are shown; family members can ask themselves, at the township office, or through "Talk to a person".
complain-ask-which-case = Which application is it about? Tap one; if it is not listed, tap "Another number".
complain-case-choice = { $caseNumber } { $whose }: { $items }
complain-case-other = Another number
complain-ask-which-visit = Which visit was it? Tap "Skip" if you are not sure.
complain-visit-choice = { $when } { $item } · { $provider }
complain-visit-provider-unnamed = service provider
complain-confirm =
    Please check your complaint:
    About: { $about }
    Application: { $case }
    Visit: { $visit }
    Place: { $place }
    What happened: { $summary }
    If it is right, tap "✅ Submit"; to leave it, tap "❌ Cancel".
human-joined = { $operator } has joined and will answer you here.
human-seat = hotline operator no. { $number }
complain-ask-about = What is it about?
complain-about-case = My application
complain-about-provider = A service provider
complain-about-staff = Staff
complain-about-other = Something else
complain-ask-case = Which case number? (e.g. CZ341702-2026-000123) Tap "Skip" if you are not sure.
complain-ask-text = Please tell us what happened, as text or a voice message.
complain-received = We received it as number { $complaintNumber }. We will tell you the outcome.
complain-queued = Noted. The system is busy; I will send the number once it is registered.
complain-failed = It could not be sent. Please try later or tap "Talk to a person".
complain-resolved = Your complaint { $complaintNumber } was dealt with: { $outcome }
complain-rate = Are you satisfied with the outcome? Please rate it (1 not at all, 5 very):
complain-rated = Thank you for your rating!
complain-rate-not-yours = Only the person who made this complaint can rate it.
human-queued = I have asked a person to take over; please wait, they will answer here. You can describe your situation meanwhile. Send "End chat" to go back to the menu.
human-relayed = Passed to the operator.
human-reply = Operator: { $text }
human-ended = The chat with the operator has ended. Thank you!
human-end = End chat
fallback-sticker = Nice sticker 😊 Tap a button below to get something done.
fallback-edited = I cannot see changes to a sent message; please send it again.
fallback-photo = No picture is needed here. Tap a button below to get something done.
fallback-unknown-command = I do not know that command. Tap a button below, or send /start.
fallback-text = Please tap a button below to choose what you need.
rate-limited = That is a lot of messages; please wait a few seconds.
error-sorry = Sorry, something went wrong. Please try again, or tap "Talk to a person".
category-care = Care
category-living = Daily living
category-caring = Support and development
category-capability_building = Capability building
category-cleaning = Cleaning
category-daily_living_care = Personal care
category-health_care = Health
menu-region = 🏙 Region
menu-help = ❓ Help
choose-region = Please choose your region (prefecture or city):
region-only = This service is offered in { $region } only.
help =
    I can help you:
    📝 Apply for services: care, cleaning, health, counselling, legal aid, skills training and more, for yourself or a family member;
    🔎 Check my application: see how far an application has got, by phone number;
    📣 Complaints and suggestions: about an application, a provider or staff, typed or as a voice message;
    👩‍💼 Talk to a person: a staff member answers you here;
    ✅ Confirm a visit: after a home visit, type the code the worker told you in person, or say that nobody came;
    🌐 Language, 🏙 Region: change the language or your region.
    Send “cancel” or /start at any time to start again.
help-in-conversation = You are in the middle of something: please answer the question above, or tap “❌ Cancel” to go back to the menu.
apply-phone-typed-invalid = That number does not look right. Please type an 11-digit mobile number (e.g. 13905661234) or a landline with its area code (e.g. 0566-2212349), or tap “📱 Share my phone number”.
apply-phone-unverified = Thank you, phone { $phone } noted. You typed this number, so it is not verified yet: staff will first call it to check with you, and until then it cannot be used to check progress here. To skip the check, tap “📱 Share my phone number” instead.
apply-phone-unverified-mark = { $phone } (typed, not verified)
group-none = None (not receiving assistance)
group-not-sure = Not sure
group-dibao = Minimum living allowance (dibao) recipient
group-tekun = Person in extreme poverty (tekun)
group-orphan = Orphan
group-de_facto_orphan = Child without de facto care
group-dibao_edge = Member of a family on the edge of dibao
group-return_risk = Monitored for a return to poverty
group-expenditure_hardship = Family in hardship from expenses
group-child_in_difficulty = Child in difficulty
group-left_behind_child = Left-behind child
group-low_income_severely_disabled = Severely disabled person on a low income
apply-status-checked = All right. At the home visit, staff will check whether you receive assistance; it does not hold up your application.
apply-edit = ✏️ Change
apply-ask-part = What would you like to change?
apply-part-proxy = Who it is for (proxy)
apply-part-name = Applicant's name
apply-part-id = ID number
apply-part-phone = Phone
apply-part-place = Address
apply-part-status = Assistance status
apply-part-items = Services
apply-part-description = Description
apply-part-consent = Consent to share
apply-items-not-offered = The services you chose are not offered in the county of the new address: please choose the services again.
voice-at-menu = I got your voice message. Is it an application for services, or a complaint or suggestion?
voice-as-request = 📝 An application
voice-as-complaint = 📣 A complaint or suggestion
voice-gone = That voice message cannot be found any more: please send it again, or tap a button below.
voice-taken-request = All right: this voice message is the description of your application. Just a few more questions.
voice-taken-complaint = All right, we will take it as a complaint or suggestion: please answer a few questions.
menu-confirm-visit = ✅ Confirm a visit
visit-reminder-today = Today { $from }–{ $to }: home visit for { $item }{ $provider ->
        [none] {""}
       *[other] {" "}({ $provider })
    }
visit-reminder-tomorrow = Tomorrow { $from }–{ $to }: home visit for { $item }{ $provider ->
        [none] {""}
       *[other] {" "}({ $provider })
    }
visit-reminder-other = { $date } { $from }–{ $to }: home visit for { $item }{ $provider ->
        [none] {""}
       *[other] {" "}({ $provider })
    }
visit-checked-in = { $worker ->
        [none] Your worker
       *[other] { $worker }
    } arrived at { $time } and has started ({ $item }).
visit-checked-out = The visit for "{ $item }" has ended. If it took place, type the 6-digit confirmation code the worker told you; if nobody came or the service was not as recorded, tap "Nobody came / I disagree". Please confirm before { $confirmBy }.
visit-button-code = 🔢 Type the code
visit-button-dispute = Nobody came / I disagree
visit-choice = { $date } { $time } { $item } ({ $worker })
visit-ask-which = Which visit do you want to confirm?
visit-ask-action =
    { $visit }
    If it took place, tap "🔢 Type the code"; if nobody came or it was not as recorded, tap "Nobody came / I disagree".
visit-code-ask =
    { $visit }
    Please type the 6-digit code the worker told you in person ({ $attemptsLeft } tries left).
visit-code-format = The code has 6 digits. Please check the number the worker told you and type it again.
visit-code-wrong = That code is not right. Please check it and type it again ({ $attemptsLeft } tries left).
visit-code-verified = Confirmed, thank you! This visit is recorded as confirmed.
visit-code-limit = The code was wrong too many times: this visit stays unconfirmed. If nobody came or something was wrong, tap "📣 Complaint or suggestion" or call the hotline.
visit-confirm-closed = This visit was already settled, or the time to confirm it has passed. If something was wrong, tap "📣 Complaint or suggestion".
visit-confirm-unavailable = The visit cannot be confirmed right now. Please try again later, or tap "Talk to a person". The code stays valid until the time to confirm ends.
visit-confirm-none = There is no visit waiting for your confirmation now.
visit-dispute-ask-reason =
    { $visit }
    Please say briefly what was wrong (nobody came, wrong time, service not finished…). You can also tap "Skip".
visit-dispute-recorded = Your objection is recorded: this visit is marked as disputed and is not paid as delivered. Staff will check and contact you.
visit-verified = "{ $item }" ({ $date }) is confirmed. Thank you!
visit-verified-ivr = "{ $item }" ({ $date }) is confirmed (by the hotline). Thank you!
visit-verified-township = "{ $item }" ({ $date }) is confirmed (your signed confirmation, recorded by the township). Thank you!
visit-disputed = Your objection to "{ $item }" ({ $date }) is recorded. Staff will check and contact you.
visit-disputed-ivr = Your objection to "{ $item }" ({ $date }) is recorded (by the hotline). Staff will check and contact you.
visit-disputed-township = Your objection to "{ $item }" ({ $date }) is recorded (by the township). Staff will check and contact you.
push-visit-unconfirmed = The visit for "{ $item }" ({ $when }) could not be confirmed and is recorded as unconfirmed. If nobody came or something was wrong, tap "📣 Complaint or suggestion".
doorbell-alert = 🔔 { $name } ({ $place }) pressed the love doorbell. Please go and check on them as soon as you can.
doorbell-escalated = ⚠️ { $name } ({ $place }) pressed the love doorbell and nobody has answered yet; the township has been told. Please go and check on them as soon as you can.
doorbell-go = 🏃 I'll go
doorbell-you-go = Thank you! The others know you are going. If it is an emergency when you arrive, call 120.
doorbell-taken-other = { $who } is going to check on { $name } ({ $place }). Thank you.
doorbell-already = Someone is already on the way. Thank you.
doorbell-closed = This alert has been dealt with. Thank you.
doorbell-linked-neighbour = Linked! { $name }, love-doorbell alerts of the people you help will come here.
doorbell-linked-coordinator = Linked! { $name }, the love-doorbell alerts of your village will come here.
doorbell-link-invalid = This link code is not valid or has expired; please ask your village for a new one.
doorbell-not-linked = This chat is not linked to the love doorbell; please ask your village for a link code.

## Workers' own chats: reminders of their visits, /today
worker-menu-today = 📋 Today's visits (workers)
worker-linked = Linked! { $name }, reminders of your home visits (the day before, moves, cancellations) will come here. Send /today for today's visits.
worker-link-invalid = This link code is unknown, used or expired. Please ask your provider for a new one.
worker-link-how = Please send the link code your provider gave you, e.g. /worker wk-7KQ2M9XD
worker-not-linked = This chat is not linked to a worker. Ask your provider for a link code and send /worker with it.
worker-visit-reminder = 🔔 Visit reminder: { $date } { $from }–{ $to }
  Place: { $place }
  Person: { $recipient } (phone { $phone })
  Service: { $item }
  Tasks: { $tasks }
worker-visit-rescheduled = 📅 Visit moved: from { $previous } to { $date } { $from }–{ $to }
  Place: { $place }
  Person: { $recipient } (phone { $phone })
  Tasks: { $tasks }
  Reason: { $reason }
worker-visit-cancelled = ❌ Visit cancelled: { $date } { $from }–{ $to } { $place } { $recipient } ({ $item })
  Reason: { $reason }
worker-visit-reassigned = ↪️ Visit given to another worker: { $date } { $from }–{ $to } { $place } { $recipient } ({ $item }); you need not go.
  Reason: { $reason }
worker-today = 📋 Today's visits ({ $count }):
  { $visits }
worker-today-none = No home visits today.
