## Common
error-generic = 😕 Something went wrong. Please try again in a minute — if it happens again, tell your administrator.
error-button-stale = This button is no longer active.

## /start and /help
start-greeting =
    👋 Hello, { $name }!

    I pay SBP QR codes from the company balance.
    📸 Take a photo of the QR code at the counter and send it — I will show the payee and the amount, and pay only after you confirm.

    Commands — /help
help-text =
    <b>How to pay</b>
    1. Send a photo of an SBP QR code (or the picture as a file, or a qr.nspk.ru link).
    2. Check the payee and the amount.
    3. Press “Pay” — the status will arrive right here.

    <b>Commands</b>
    { $commands }

## /language
language-choose = Choose a language:
language-changed = ✅ Language: English.
language-unknown = Unknown language. Available: русский (ru), English (en).

## Command menu (setMyCommands)
command-start = Start
command-help = How to use the bot
command-language = Language / Язык

## Scanning
scan-reading = 🔎 Reading the QR code…
scan-asking-provider = 🔎 Found an SBP QR code. Asking the provider for the amount…
scan-no-code =
    🤷 I could not find a QR code in the picture.
    Move closer so the code fills a third of the frame, straight and without glare. If the code is on a screen, lower its brightness or send a screenshot as a file.
scan-not-payment-url =
    🌐 This QR code is a website ({ $host }), not a payment.
    To pay I need an SBP QR code — usually on a stand at the till or on the terminal's screen.
scan-not-payment-text =
    📝 This QR code holds text, not a payment:
    <code>{ $text }</code>
    To pay I need an SBP QR code.
scan-sbp-not-payable = 🔗 This SBP QR code links an account or a subscription; it is not a payment and cannot be paid here.
scan-sbp-broken = ⚠️ The SBP QR code is damaged or incomplete: it has no payment number. Take the photo again or ask the cashier for a new code.
scan-gost =
    🏦 These are bank transfer details (GOST R 56042), not an SBP QR code — they cannot be paid through the bot, only by a bank transfer.
    { $details }
scan-gost-field = { $name }: <b>{ $value }</b>
scan-gost-missing = Missing fields: { $fields }
scan-file-too-big = 📦 The file is too big ({ NUMBER($megabytes, minimumFractionDigits: 1, maximumFractionDigits: 1) } MB). Send a photo under 20 MB — or just a snapshot of the QR code.
scan-heic = 🖼 HEIC is not supported. Send the picture as a photo (not as a file) — Telegram converts it to JPEG.
scan-not-image = 📄 This is not a picture. Send a photo of the QR code or a qr.nspk.ru link.
scan-bad-image = 🖼 I could not open the picture: the file is damaged or empty. Send it again as a photo rather than a file.
scan-busy = ⏳ Many photos are being read right now. Please send the same photo again in a minute.
scan-download-failed = 📥 I could not download the file from Telegram. Please send it again.
scan-no-provider = ⚙️ No payment provider is configured. Please tell your administrator.
scan-text-hint = 📸 Send a photo of an SBP QR code (or a qr.nspk.ru link) — I will show the amount and the payee.

## Provider errors (while quoting)
provider-error-invalid_qr = 🚫 The provider did not accept this QR code: it is invalid or already paid. Ask the cashier for a new one.
provider-error-unavailable = 🛠 The provider is not answering right now. Please try again in a minute.
provider-error-network = 📡 No connection to the provider. Please try again in a minute.
provider-error-timeout = ⌛ The provider did not answer in time. Please try again.
provider-error-rate_limited = 🐢 The provider asks us to slow down. Please try again in a minute.
provider-error-unauthorized = 🔑 The provider rejected our access key. Administrators have been told; paying is unavailable for now.
provider-error-insufficient_funds = 💸 The company balance is too low.
provider-error-quote_expired = ⌛ The quote expired. Ask for a new one.
provider-error-other = 😕 The provider could not prepare the payment. Please try again or tell your administrator.

## The card
card-title = 🧾 <b>QR payment</b> · <code>{ $id }</code>
card-merchant = Payee: <b>{ $name }</b>
card-merchant-unknown = Payee: <i>not given by the provider</i>
card-bank = Payee's bank: { $bank }
card-amount = Amount: <b>{ $amount }</b>
card-fee = Fee: { $fee }
card-total = Total: <b>{ $total }</b>
card-debit = Debited: <b>{ $debit }</b>
card-debit-rate = Debited: <b>{ $debit }</b> (rate { $rate } ₽)
card-balance-after = Balance after payment: { $balance }
card-balance-now = Balance: { $balance }
card-provider = Provider: { $provider }
card-provider-test = Provider: { $provider } · 🧪 test mode
card-requested-by = Scanned by: { $name }
card-valid-for = ⏱ The quote is valid for { $duration } — until { $time }
duration-seconds = { $n } s
duration-minutes = { $n } min
card-warning-sum = ⚠️ The QR code says { $qrSum }, but the provider charges { $amount }. Check with the cashier.
card-warning-crc = ⚠️ The QR code's checksum does not match — the code may have been altered. Check the payee.
card-warning-static = ⚠️ A static QR code without an amount: the provider set the amount. Check it with the cashier.
card-insufficient = 💸 Not enough money: { $debit } needed, { $balance } on the balance. The administrators know.
card-insufficient-unknown = 💸 The provider says the balance is too low. The administrators know.
card-state-confirming = ⏳ Paying… The status will arrive here.
card-state-processing = ⏳ The provider is processing the payment…
card-state-awaiting_approval = 🕒 Waiting for an administrator's approval.
card-state-succeeded = ✅ <b>Paid</b> { $time }
card-state-failed = ❌ <b>Not paid</b>: { $reason }
card-state-expired-quote = ⌛ The quote expired — ask for a new one.
card-state-expired = ⌛ <b>The payment did not go through</b>: it timed out. Nothing was debited, or it returns to the balance.
card-state-disputed = ⚠️ <b>A dispute was opened</b> on this payment. An administrator will look into it.
card-state-cancelled = ✖ Cancelled.
card-state-rejected = 🚫 Rejected by an administrator.
card-state-by = Confirmed by: { $name }
button-pay = ✅ Pay { $amount }
button-cancel = ✖ Cancel
button-requote = 🔄 New quote
button-topup = 💰 How to top up

## Failure reasons
failure-insufficient_funds = not enough money on the balance (the administrators know)
failure-quote_expired = the quote expired
failure-invalid_qr = the provider did not accept the QR code
failure-rejected = the provider refused the payment
failure-unauthorized = the provider rejected our access key
failure-not_found = the provider does not know this payment
failure-provider = { $reason }
failure-provider-unknown = the provider gave no reason

## Final notifications
notify-succeeded = ✅ Paid { $amount } — { $merchant }.
notify-failed = ❌ The payment of { $amount } failed: { $reason }.
notify-expired = ⌛ The payment of { $amount } did not go through: it timed out. Nothing was debited, or it returns to the balance.
notify-disputed = ⚠️ A dispute was opened on payment { $id } of { $amount }.

## Callback answers
pay-answer-confirming = ⏳ Paying…
pay-answer-busy = This payment is already under way.
pay-answer-done = This payment is already finished.
pay-answer-expired = ⌛ The quote expired — ask for a new one.
pay-answer-forbidden = Only the person who scanned the QR code, or an administrator, can pay it.
pay-answer-insufficient = 💸 Not enough money on the balance.
pay-answer-not-found = Payment not found.
pay-answer-cancelled = Cancelled.
pay-answer-requoting = 🔄 Asking for a new quote…

## Deposits (to administrators)
deposit-pending = 💰 A top-up is on its way: { $amount } ({ $provider }). I will tell you when it is credited.
deposit-credited = 💰 Top-up credited: { $amount } ({ $provider }).
deposit-failed = ⚠️ A top-up failed: { $amount } ({ $provider }).

## /balance
balance-title = 💼 <b>Company balance</b>
balance-line = { $provider }: <b>{ $amount }</b>
balance-address = Address: <code>{ $address }</code>
balance-mode-test = 🧪 test mode
balance-mode-live = live mode
balance-error =
    { $provider }: the balance is unavailable right now.
    { $reason }

## /deposit
deposit-title = 💰 <b>How to top up</b>
deposit-address =
    <b>{ $provider }</b>: send <b>{ $asset }</b> on the <b>{ $network }</b> network to
    <code>{ $address }</code>
deposit-minimum = Minimum: { $min }.
deposit-fee = Provider's fee: { $fee }.
deposit-credited-rub = The balance grows in rubles at the provider's rate.
deposit-only-asset = ⚠️ Send only { $asset } on { $network } — other coins will be lost.
deposit-unavailable =
    { $provider }: the top-up address is unavailable right now.
    { $reason }
deposit-qr-caption = { $provider } address QR code ({ $network })

## /history and /status
history-title = 🗂 <b>Latest payments</b>
history-title-all = 🗂 <b>The company's latest payments</b>
history-empty = No payments yet. Send a photo of a QR code to pay.
status-usage = Give the payment number: /status P7K2M9XW4TQ (it is on the card and in /history).
status-not-found = Could not find { $id }. Check the number — it is on the card and in /history.
state-name-quoted = quoted
state-name-awaiting_approval = awaiting approval
state-name-confirming = paying
state-name-processing = processing
state-name-succeeded = paid
state-name-failed = failed
state-name-expired = expired
state-name-disputed = disputed
state-name-cancelled = cancelled
state-name-rejected = rejected

## /cancel
cancel-done =
    ✖ { $count ->
        [one] One quote cancelled.
       *[other] { $count } quotes cancelled.
    }
cancel-nothing = Nothing to cancel: no open quotes.

## /provider
provider-choose = Which provider should pay? Now: { $current }.
provider-changed = ✅ Paying through { $provider } from now on.
provider-only-one = One provider is configured: { $provider }.

## Commands menu
command-balance = Company balance
command-deposit = How to top up
command-history = Latest payments
command-status = Payment status by number
command-cancel = Cancel an open quote
command-provider = Choose the provider

## Mini App scanner (live camera)
miniapp-button = 📷 Scan
miniapp-inline-button = 📷 Scan with the camera
start-scanner = 📷 Even faster — the “Scan” button below: the camera reads the code at once, no photo needed.
help-scanner = 📷 No photo needed: “Scan” opens the camera and reads the code on the fly.
miniapp-page-title = QR scanner
miniapp-page-hint = Point the camera at the payment QR code
miniapp-page-scanning = Point the camera at the SBP QR code.
miniapp-page-not-payment = This is not a payment QR code. Point at the SBP code
miniapp-page-sending = Passing the code to the bot…
miniapp-page-sent = ✅ Done — the answer is in the chat with the bot.
miniapp-page-expired = The scanner has been open too long. Open it again from the chat.
miniapp-page-failed = Could not pass the code on. Open the scanner again or send a photo to the chat.
miniapp-page-closed = The scanner is closed.
miniapp-page-scan-again = 📷 Scan again
miniapp-page-photo-button = Send a photo to the chat
miniapp-page-unsupported = This Telegram app cannot scan QR codes: the scanner is in the iPhone and Android apps. Send a photo of the code to the chat — the bot will read it.
miniapp-page-not-in-telegram = The scanner opens from Telegram: the “📷 Scan” button in the chat with the bot.

## Access
access-stranger =
    👋 This bot is for the company's employees, and you are not on the list yet.
    Your Telegram ID: <code>{ $id }</code>
    Send it to your administrator — they will send you an invite.
access-denied-button = No access. Ask your administrator for an invite.
access-viewer-cannot-pay = 👀 Your role is viewer: you can see the balance and history, but you cannot pay. If you need to pay, tell your administrator.
access-admin-only = This command is for administrators only.
access-private-only = 🔒 This is shown only in a private chat with me: { $link }

## Roles
role-admin = administrator
role-payer = payer
role-viewer = viewer

## Invites
invite-usage = Like this: /invite payer (or viewer, admin). Payer by default.
invite-created =
    ✉️ An invite for the role “{ $role }” — single use, valid until { $until }:
    { $link }
    Forward the link to the employee.
invite-revoke-button = ✖ Revoke
invite-revoked = The invite is revoked.
invite-gone = This invite no longer exists.
invites-title = ✉️ <b>Active invites</b>
invites-line = { $role } · until { $until } · issued by: { $by }
invites-empty = No active invites. A new one — /invite
invite-welcome =
    ✅ Welcome, { $name }! Your role is { $role }.
    📸 Send a photo of an SBP QR code — I will show the amount and the payee. Commands — /help
invite-welcome-viewer =
    ✅ Welcome, { $name }! Your role is { $role }: balance — /balance, history — /history.
invite-invalid = 🚫 This invite is not valid: it was used, it expired or it was revoked. Ask your administrator for a new one.
invite-already-member = You are already on the team ({ $role }). The invite was not needed — it still works for someone else.
invite-used-notice = ✅ Invite accepted: { $name } — { $role }.

## People
team-title = 👥 <b>Team</b> ({ $count })
team-hint = Pick a person: role, limits, removal. 🔒 — an administrator from the bot's configuration. Invite — /invite
team-page = Page { $page } of { $pages }
team-person-button = { $name } — { $role }
team-person =
    👤 Name: { $name }
    Role: { $role }
    Limits: { $limits }
    Spent today: { $spent }
    Telegram ID: <code>{ $id }</code>
team-person-configured = 🔒 An administrator from the bot's configuration: role and removal change only there.
team-person-limits = { $perPayment } per payment ({ $perPaymentMark }), { $perDay } a day ({ $perDayMark })
team-person-unlimited = no limits — an administrator pays without approval
team-button-role = 🎭 Change role
team-button-limits = 💳 Limits
team-button-remove = 🗑 Remove from the team
team-button-back = ⬅️ Back
team-role-title =
    🎭 Role: { $name }
    Now: { $role }. Pick the new one.
team-role-current = { $role } ✓
team-role-same = The role is already { $role }.
team-outdated = The screen is updated — check it and press again.
team-person-gone = This person is no longer on the team.
role-usage = Like this: /role ID role (payer, viewer or admin). Easier — the /users menu.
role-changed = ✅ Role changed: { $name } — { $role }.
person-not-found = Nobody with ID { $id } is on the team. The list — /users.
person-configured = An administrator set at installation: { $name }. Only the bot's configuration changes that.
person-last-admin = Not possible: { $name } is the last administrator.
remove-usage = Like this: /remove ID. Easier — the /users menu.
remove-confirm =
    🗑 Remove from the team: { $name }?
    Access ends at once, buttons on old cards included.
remove-yes = 🗑 Yes, remove
remove-no = No
remove-done = 🗑 Removed from the team: { $name }.
remove-cancelled = Cancelled.

## Limits
limits-mine =
    💳 <b>Your limits</b>
    Per payment: { $perPayment }
    Per day: { $perDay }
    Spent today: { $spent }
    Payments above { $threshold } always need an administrator's approval.
limits-mine-admin =
    💳 <b>Your limits</b>: none — administrators pay without limits or approvals.
    Spent today: { $spent }
limits-of =
    💳 <b>Limits: { $name }</b>
    Per payment: { $perPayment } ({ $perPaymentMark })
    Per day: { $perDay } ({ $perDayMark })
    Spent today: { $spent }
limits-of-admin =
    💳 <b>Limits: { $name }</b>
    None: an administrator pays without limits or approvals.
    Spent today: { $spent }
limits-own-mark = own
limits-default-mark = default
limits-admin-note = While the role is administrator, they do not apply.
limits-ask-per-payment =
    💳 Limits: { $name }
    How much for one payment, in rubles? Now: { $current }.
limits-ask-per-day = How much a day, in rubles? At least { $perPayment }. Now: { $current }.
limits-bad-amount = That needs an amount in rubles above zero, e.g. 5000. Try again.
limits-bad-per-day = A day needs at least as much as one payment ({ $perPayment }). Try again.
limits-gave-up = The limits did not change. To start again — «💳 Limits» in /users.
limits-cancelled = Cancelled: the limits did not change.
limits-button-default = ↩️ Default: { $perPayment } / { $perDay }
limits-button-cancel = ✖ Cancel
limits-usage = Like this: /limits ID per_payment per_day (rubles), e.g. /limits 123 5000 20000, or /limits ID default
limits-changed = ✅ { $name }: { $perPayment } per payment, { $perDay } a day.
limits-reset = ✅ { $name }: default limits — { $perPayment } per payment, { $perDay } a day.

## Approvals
card-state-awaiting-approval = 🕒 Waiting for an administrator's approval: { $reasons }.
card-approved-by = ✅ Approved by: { $name }
card-approved-changed = ⚠️ The amount changed after approval: it was { $before }, it is { $after }. Check and confirm.
approval-reason-over_payment_limit = above the employee's limit for one payment
approval-reason-over_company_threshold = above the company's threshold, from which every payment is approved
approval-reason-over_daily_limit = over the employee's daily limit
approval-request =
    🕒 <b>Approval needed</b> · <code>{ $id }</code>
    Asked by: { $who }
    Amount: <b>{ $amount }</b> — { $merchant }
    Why: { $reasons }.
approval-decided-approved = ✅ Approved. By: { $name }
approval-decided-rejected = 🚫 Rejected. By: { $name }
approval-cancelled = ✖ The request is no longer needed: the payment { $state }.
approval-approve = ✅ Approve
approval-reject = 🚫 Reject
approval-answer-approved = ✅ Approved.
approval-answer-rejected = 🚫 Rejected.
approval-answer-already-approved = Already approved. By: { $name }.
approval-answer-already-rejected = Already rejected. By: { $name }.
approval-answer-gone = This request is already closed.
pay-answer-approval = 🕒 Sent to an administrator for approval.
notify-rejected = 🚫 The payment of { $amount } was rejected. By: { $name }.

## Audit and export
audit-title = 📜 <b>Audit log</b> (newest first)
audit-empty = The log is empty.
audit-line = { $at } · { $who }: { $what }
audit-system = the bot
export-usage = Like this: /export [from] [to] [all] [xlsx] — dates as 01.11.2026. Without dates: this month so far; all — with unpaid quotes and invoices; xlsx — an Excel file.
export-caption = 📄 Money that moved from { $from } to { $to }: { $count }. Everything, unpaid included: add all.
export-empty = No money moved from { $from } to { $to }. Everything, unpaid included: /export all
csv-date = Date
csv-person = Employee
csv-merchant = Payee or way
csv-amount = Amount, ₽
csv-fee = Fee, ₽
csv-status = Status
csv-provider-id = Provider id
csv-reference = Number

command-invite = Invite an employee
command-invites = Active invites
command-users = Team: roles, limits, removal
command-role = Change a role
command-remove = Remove from the team
command-limits = Limits
command-audit = Audit log
command-export = Export for accounting (CSV, Excel)

## /statement
command-statement = Provider statement
statement-title = 📒 <b>{ $provider }: latest operations</b> ({ $count })
statement-line = { $date } · { $type } · <b>{ $amount }</b> · balance { $balance }{ $note }
statement-type-deposit = top-up
statement-type-payment = payment
statement-type-refund = refund
statement-type-adjustment = adjustment
statement-type-other = operation
statement-none = { $provider }: this provider gives no statement — see its dashboard.
statement-empty = { $provider }: no operations yet.
statement-error = { $provider }: the statement is unavailable right now. { $reason }
statement-overseers-only = The statement is for administrators and viewers.

## /receive: taking money in
command-receive = 📥 Take a payment from a customer
receive-usage = Like this: /receive 1500 — the amount in rubles. Or just /receive, and I will ask.
receive-ask-amount = 📥 How much to take? Type the amount in rubles, for example: 1500
receive-bad-amount = I did not get the amount. Type a number in rubles, for example: 1500 or 1 500.50
receive-gave-up = Still no amount — start again: /receive 1500
receive-not-configured = 📥 Taking payments is not set up yet. Ask an administrator.
receive-viewer = 👁 Viewers do not issue invoices. A payer or an administrator can.
receive-choose-way = How will the customer pay?
receive-choose-bank = Which bank's details should the customer get?
receive-any-bank = Any bank
receive-creating = 📥 Getting payment details for { $amount }…
receive-method-sbp = SBP to a phone number · { $provider }
receive-method-card = Transfer to a card · { $provider }
receive-method-link = Payment link · { $provider }
bank-sberbank = Sberbank
bank-tinkoff = T-Bank
bank-alfa = Alfa-Bank
bank-vtb = VTB
bank-raiffeisen = Raiffeisenbank

invoice-title = 📥 <b>Invoice</b> <code>{ $id }</code> · <b>{ $amount }</b>
invoice-way = Method: { $way }
invoice-bank = Bank: { $bank }
invoice-requested-by = Issued by: { $name }
invoice-state-creating = ⏳ Asking the provider for payment details…
requisite-card = Card: { $value }
requisite-phone = Phone: { $value }
requisite-bank = Recipient's bank: { $value }
requisite-holder = Recipient: { $value }
requisite-account = Account: { $value }
requisite-other = Also ({ $key }): { $value }
invoice-link = Link: { $url }
invoice-valid-until = ⏱ Valid until { $time } ({ $minutes } min left)
invoice-state-waiting = ⏳ Waiting for the customer's payment. When the money arrives, this card turns ✅.
invoice-button-open-link = 🔗 Open the payment page
invoice-button-forward = 📤 Forward to the customer
invoice-button-cancel = ✖ Cancel
invoice-state-paid = ✅ <b>Received { $amount }</b> at { $time }
invoice-paid-differs = ⚠️ The invoice was for { $asked } — the customer paid a different amount.
invoice-credit-estimate = ≈ credited { $credit } (the provider's estimate after its commission)
invoice-state-no-requisites = 😕 No payment details are free right now. Try again in a minute or pick another bank.
invoice-state-failed = 😕 The provider gave no payment details. Try again or pick another way.
invoice-button-retry = 🔄 Try again
invoice-button-other-bank = 🏦 Another bank
invoice-button-other-service = ↪️ Another service
invoice-state-expired = ⌛ <b>Expired</b> — the customer did not pay in time. Make a new invoice: /receive
invoice-state-cancelled = ✖ <b>Cancelled.</b> If the customer pays anyway, the money is not lost — this card will show it.
invoice-state-disputed = ⚠️ <b>Dispute</b> — the provider opened a dispute about the payment. The administrators will sort it out.
invoice-state-attention = ⚠️ <b>Needs checking</b> — the provider sent data that cannot be trusted, so the payment is not counted. The administrators know.
invoice-customer-title = 💳 Payment of { $amount }
invoice-customer-until = Please pay by { $time }.
invoice-qr-caption = QR code of the payment page for { $amount } — the customer can scan it off the screen.
invoice-notice-paid = ✅ Received { $amount } on invoice { $id }.
invoice-notice-expired = ⌛ Invoice { $id } for { $amount } expired: the customer did not pay.
invoice-notice-disputed = ⚠️ A dispute was opened on invoice { $id } for { $amount }.
invoice-notice-attention = ⚠️ Invoice { $id } for { $amount } needs checking — the payment is not counted.
invoice-attention-admins =
    ⚠️ Invoice { $id } for { $amount } needs checking: the provider sent amounts that cannot be trusted, or never said how it ended.
    Issued by: { $name }. Check the payment in the provider's dashboard.
invoice-answer-not-waiting = This invoice is no longer waiting for payment.
invoice-answer-forward = Forward the message below to the customer.
invoice-answer-cancelled = Invoice cancelled.
invoice-answer-retrying = Asking for payment details again…
csv-direction = Direction
csv-direction-out = out
csv-direction-in = in
history-line-in = { $icon } { $date } · <b>+{ $amount }</b> · { $merchant } · { $who } · <code>{ $id }</code>
invoice-state-name-creating = getting details
invoice-state-name-waiting = waiting for payment
invoice-state-name-paid = received
invoice-state-name-expired = expired
invoice-state-name-cancelled = cancelled
invoice-state-name-disputed = dispute
invoice-state-name-failed = not created
invoice-state-name-attention = needs checking

## /topup: the exchanger
command-topup = 💱 Top the balance up through the exchanger
deposit-exchange-offer = You can also top up from rubles — the exchanger sends USDT to the provider's address itself.
deposit-exchange-button = 💱 Through the exchanger
topup-usage = Like this: /topup 50000 — the amount in rubles. Or just /topup, and I will ask.
topup-not-configured = 💱 No exchanger is set up. Top up with a USDT transfer: /deposit
topup-ask-amount = 💱 How many rubles to top up? Type the amount, for example: 50000
topup-bad-amount = I did not get the amount. Type a number in rubles, for example: 50000
topup-gave-up = Still no amount — start again: /topup 50000
topup-choose-provider = Which provider's balance?
topup-preview-title = 💱 <b>Top-up of { $provider }</b> for <b>{ $amount }</b>
topup-preview-usdt = ≈ <b>{ $usdt }</b> will arrive (at the latest rate, { $rate } ₽ — the exchanger names the exact sum)
topup-preview-usdt-unknown = The exchanger names how much USDT arrives when the order is made.
topup-preview-fee = The provider's deposit fee: { $fee }
topup-preview-balance = Balance now: { $balance }
topup-preview-after = Balance after: ≈ { $balance }
topup-preview-how = The exchanger takes the rubles and sends USDT to the provider's address. The bot follows the order and says when the money is credited.
topup-button-create = ✅ Create the order
topup-button-cancel = Cancel
topup-cancelled = All right, no order.
topup-creating = 💱 Creating the exchange order: { $amount } → { $provider }…
topup-refused-forbidden = Only administrators top the balance up.
topup-refused-unavailable = 💱 This provider cannot be topped up through the exchanger now. Try later, or by transfer: /deposit
topup-refused-provider = 😕 The provider gave no deposit address. Try again in a minute.
topup-title = 💱 <b>Top-up</b> <code>{ $id }</code> · <b>{ $amount }</b> → { $provider }
topup-order = Exchange order No. { $uid }
topup-state-creating = ⏳ Creating the exchange order…
topup-status-new = ⏳ The order is made; the exchanger is preparing it.
topup-status-errorPayment = ⚠️ The exchanger did not see the payment. Check it and write to the exchanger's support with order No. { $uid }.
topup-status-inProgress = ⏳ The exchanger took the payment and is changing rubles into USDT.
topup-status-inProgressPayout = ⏳ The exchanger is sending USDT to { $provider }'s address.
topup-status-errorPayout = ⚠️ The exchanger could not send the USDT. Write to its support with order No. { $uid }; the bot keeps watching.
topup-status-hold = ⚠️ The exchanger froze the order. Write to its support with order No. { $uid }; the bot keeps watching.
topup-status-other = ⏳ The exchanger is working on the order. The bot keeps watching and will say when it is done.
topup-button-pay-page = 💳 Pay on the exchanger's page
topup-button-paid = ✅ Payment sent
topup-state-sent = 📤 The exchanger sent { $usdt } — waiting for { $provider } to credit it.
topup-state-credited = ✅ <b>Balance topped up</b> at { $time }
topup-credited-amount = Credited: { $amount }
topup-credited-balance = { $provider } balance: <b>{ $balance }</b>
topup-state-returned = ↩️ The exchanger returned the money: the exchange's terms were not met. Order No. { $uid }.
topup-state-cancelled = ✖ The exchanger cancelled order No. { $uid }. Make a new one: /topup
topup-state-failed = 😕 The order could not be made. Try again: /topup
topup-state-failed-unknown = ⚠️ The exchanger did not answer — the order may exist. Check the exchanger's dashboard before making a new one.
topup-state-attention = ⚠️ The exchanger sent the USDT, but { $provider } never credited it. Check the transfer in the provider's dashboard.
topup-notice-credited = ✅ { $provider } balance topped up: { $balance }.
topup-notice-returned = ↩️ The { $amount } top-up of { $provider } did not happen: the exchanger returned the money.
topup-notice-cancelled = ✖ The exchanger cancelled the { $amount } top-up of { $provider }.
topup-notice-attention = ⚠️ The { $amount } top-up of { $provider } needs checking: the money was sent but not credited.
topup-answer-paid = Payment noted — the exchanger is changing the rubles.
topup-answer-paid-failed = The exchanger does not answer now. Press again in a minute.
topup-answer-not-waiting = This order no longer waits for payment.

## Never run dry
runway-days = ⚠️ The { $provider } balance lasts about { $days } { $days ->
    [one] day
   *[other] days
  }. Now: { $balance }.
runway-under-a-day = ⚠️ The { $provider } balance does not cover a usual day of spending. Now: { $balance }.
runway-insufficient = 💸 { $provider } did not have the money for a payment. Balance: { $balance }.
runway-suggest = Top up { $amount } through the exchanger — the button is below.
runway-deposit = To top up: /deposit
runway-button = 💱 Top up { $amount } through the exchanger
approval-reason-over_company_threshold-detail = above the company's threshold of { $limit }: such payments are always approved
approval-reason-over_daily_limit-detail = the employee's daily limit is { $limit }, { $spent } spent today already
approval-reason-over_payment_limit-detail = above the employee's limit for one payment ({ $limit })
card-needs-approval = 🕒 Needs an administrator's approval: { $reasons }. “Pay” will send them the request.
csv-direction-topup = top-up
history-hidden = Not shown: { $hidden } unpaid quotes or invoices nobody paid. Show everything: /history all
history-legend = <i>✅ done · ⏳ on its way · 🕒 waiting for approval · 📥 waiting for the customer · ❌ failed · ⌛ expired · ✖ cancelled · 🚫 rejected · ⚠️ dispute or check. Details: /status number</i>
history-line-out = { $icon } { $date } · <b>−{ $amount }</b> · { $merchant } · { $who } · <code>{ $id }</code>
history-line-topup = { $icon } { $date } · 💱 <b>{ $amount }</b> → { $merchant } · { $who } · <code>{ $id }</code>
history-only-hidden = Only unpaid quotes here ({ $hidden }). Show them: /history all
topup-state-name-attention = needs checking
topup-state-name-awaiting_payment = waiting for payment
topup-state-name-cancelled = cancelled
topup-state-name-creating = being created
topup-state-name-credited = credited
topup-state-name-exchanging = exchanging
topup-state-name-failed = not created
topup-state-name-returned = returned
topup-state-name-sent = sent, waiting for the credit
audit-approval-approved = approved — { $id } for { $amount }
audit-approval-rejected = rejected — { $id } for { $amount }
audit-approval-requested = approval requested — { $id } for { $amount }
audit-export-sent = export from { $from_day } to { $to_day }, rows: { $rows }
audit-invite-invalid = tried an invalid invite
audit-invite-issued = invite issued ({ $role })
audit-invite-revoked = invite revoked
audit-invite-used = invite accepted ({ $role })
audit-invoice-cancelled = invoice { $id } for { $amount } cancelled
audit-invoice-final = invoice { $id } for { $amount }: { $state }
audit-invoice-issued = payment details out for invoice { $id } for { $amount }
audit-invoice-requested = invoice { $id } for { $amount } requested
audit-limits-changed =
    { $reset ->
        [yes] default limits — { $person }
       *[no] limits — { $person }: { $perPayment } per payment, { $perDay } a day
    }
{ $reset ->
        [yes] default limits — { $person }
       *[no] limits — { $person }: { $perPayment } per payment, { $perDay } a day
    }
audit-no-more = Nothing older.
audit-older = ⬅️ Older
audit-other = another event
audit-payment-final = payment { $id } for { $amount }: { $state }
audit-payment-pay = pressed “Pay” — { $id } for { $amount }
audit-payment-quoted = quote { $id } for { $amount }
audit-person-removed = removed from the team — { $person } ({ $role })
audit-person-role_changed = role changed — { $person }: { $from } → { $to }
audit-reason-bad_body = a body not understood
audit-reason-bad_signature = the signature did not match
audit-reason-malformed_header = an unreadable signature
audit-reason-missing_header = no signature
audit-reason-other = no reason given
audit-reason-stale_timestamp = a stale timestamp
audit-state-attention = needs checking
audit-state-awaiting_approval = waiting for approval
audit-state-awaiting_payment = waiting for payment
audit-state-cancelled = cancelled
audit-state-confirming = paying
audit-state-creating = being created
audit-state-credited = credited
audit-state-disputed = dispute
audit-state-exchanging = exchanging
audit-state-expired = expired
audit-state-failed = failed
audit-state-final = finished
audit-state-marked_paid = marked paid
audit-state-paid = received
audit-state-processing = processing
audit-state-quoted = quote
audit-state-rejected = rejected
audit-state-requested = requested
audit-state-returned = returned
audit-state-sent = sent
audit-state-succeeded = paid
audit-state-waiting = waiting for payment
audit-title-filtered = 📜 <b>Audit log</b> — { $filter }
audit-topup-final = top-up { $id } for { $amount }: { $state }
audit-topup-marked_paid = top-up { $id } for { $amount } marked paid
audit-topup-requested = top-up order { $id } for { $amount }
audit-topup-step = top-up { $id } for { $amount }: { $state }
audit-usage = Like this: /audit — everything; /audit 123456789 — one person's actions (ids in /users); /audit P7K2M9XW4TQ — all about a payment, invoice or top-up.
audit-webhook-rejected = a { $provider } notification refused: { $reason }
csv-provider = Provider
csv-rate = Rate, ₽ per USDT
csv-time = Time
csv-usdt = USDT
export-caption-all = 📄 Everything from { $from } to { $to }, unpaid included: { $count }.
export-empty-all = Nothing from { $from } to { $to }.
export-overseers-only = Exports are for administrators and viewers.
export-reversed = The period starts after it ends: { $from } is after { $to }. Swap the dates.
xlsx-sheet = Money
xlsx-total-in = Total in
xlsx-total-out = Total out
xlsx-total-topup = Total top-ups
unknown-command = 🤔 There is no such command. All commands are in /help.
gost-field-BIC = BIC
gost-field-BankName = Bank
gost-field-CorrespAcc = Correspondent account
gost-field-KPP = KPP
gost-field-Name = Payee
gost-field-PayeeINN = Payee INN
gost-field-PersonalAcc = Account
gost-field-Purpose = Purpose
gost-field-Sum = Amount
scan-file-too-big-unknown = 📦 The file is over 20 MB — Telegram does not hand such files to bots. Send a photo or a snapshot of the QR code.
scan-too-many-pixels = 🖼 The picture has too many pixels. Send an ordinary photo or a screenshot of the QR code.
scan-unsupported-format = 🖼 This picture format is not supported. Send a JPEG or PNG — easiest as a photo.
button-pay-via = ✅ Pay via { $provider } · { $amount }
button-retry = 🔄 Try again
card-failed-next-admins = This provider cannot pay right now: an administrator needs to check the access key. For now, pay another way.
card-failed-next-new-code = Ask the cashier for a new QR code and send it.
card-failed-next-retry = Try again — the bot will ask for a new quote. If it fails again, ask the cashier for another QR code or pay another way.
card-failed-next-topup = Once the balance is topped up, send the QR code again.
card-fallback-insufficient_funds = 🔀 { $chosen } is short of money — this is { $provider }'s price. The payment goes through { $provider }.
card-fallback-unavailable = 🔀 { $chosen } is not answering right now — this is { $provider }'s price. The payment goes through { $provider }.
card-warning-no-sum = ⚠️ The QR code carries no amount: the provider set it. Check the amount with the cashier.
provider-down-admins = 🛠 { $provider } is not answering quote requests — paying QR codes is unavailable right now. Check the provider's status.
provider-down-admins-fallback = 🛠 { $provider } is not answering quote requests. Meanwhile payments are offered through { $alternatives }. Check the provider's status.
status-date = 🗓 Date: { $time }
approvals-more = These are the first 10. Answer them and send /approvals again to see the rest ({ $count }).
approvals-none = Nothing is waiting for approval right now.
approvals-title =
    🕒 { $count ->
        [one] One payment waits for approval:
       *[other] { $count } payments wait for approval:
    }
command-approvals = Payments waiting for approval
topup-status-waitPayment = 💳 Waiting for your payment on the exchanger's page. After paying, press “Payment sent”.
