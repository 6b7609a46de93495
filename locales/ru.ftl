## Common
error-generic = 😕 Что-то пошло не так. Попробуйте ещё раз через минуту — если повторится, напишите администратору.
error-button-stale = Эта кнопка устарела.

## /start and /help
start-greeting =
    👋 Здравствуйте, { $name }!

    Я оплачиваю QR-коды СБП с баланса компании.
    📸 Сфотографируйте QR-код на кассе и пришлите фото — я покажу получателя и сумму, а оплачу только после вашего подтверждения.

    Команды — /help
help-text =
    <b>Как оплатить</b>
    1. Пришлите фото QR-кода СБП (или картинку файлом, или ссылку qr.nspk.ru).
    2. Проверьте получателя и сумму.
    3. Нажмите «Оплатить» — статус придёт сюда же.

    <b>Команды</b>
    { $commands }

## /language
language-choose = Выберите язык:
language-changed = ✅ Язык: русский.
language-unknown = Такого языка нет. Доступны: русский (ru), English (en).

## Command menu (setMyCommands)
command-start = Начать
command-help = Как пользоваться ботом
command-language = Язык / Language

## Scanning
scan-reading = 🔎 Читаю QR-код…
scan-asking-provider = 🔎 Нашёл QR-код СБП. Узнаю сумму у провайдера…
scan-no-code =
    🤷 Не нашёл QR-код на картинке.
    Снимите ближе, чтобы код занимал треть кадра, ровно и без бликов. Если код на экране — уменьшите яркость или пришлите скриншот файлом.
scan-not-payment-url =
    🌐 Это QR-код сайта ({ $host }), а не платёжный.
    Для оплаты нужен QR-код СБП — обычно он на табличке у кассы или на экране терминала.
scan-not-payment-text =
    📝 В этом QR-коде текст, а не платёж:
    <code>{ $text }</code>
    Для оплаты нужен QR-код СБП.
scan-sbp-not-payable = 🔗 Это QR-код СБП для привязки счёта или подписки, а не для оплаты. Его нельзя оплатить здесь.
scan-sbp-broken = ⚠️ QR-код СБП повреждён или неполный: в нём нет номера платежа. Переснимите код или попросите у кассира новый.
scan-gost =
    🏦 Это платёжные реквизиты (ГОСТ Р 56042), а не QR-код СБП — оплатить их через бота нельзя, только переводом из банка.
    { $details }
scan-gost-field = { $name }: <b>{ $value }</b>
scan-gost-missing = Не хватает полей: { $fields }
scan-file-too-big = 📦 Файл слишком большой ({ NUMBER($megabytes, minimumFractionDigits: 1, maximumFractionDigits: 1) } МБ). Пришлите фото до 20 МБ — или просто снимок QR-кода.
scan-heic = 🖼 Формат HEIC не поддерживается. Отправьте снимок как фото (не файлом) — Telegram сам сохранит его в JPEG.
scan-not-image = 📄 Это не картинка. Пришлите фото QR-кода или ссылку qr.nspk.ru.
scan-bad-image = 🖼 Не получилось открыть картинку: файл повреждён или пуст. Пришлите её ещё раз как фото, а не файлом.
scan-busy = ⏳ Сейчас много фото на распознавании. Пришлите это же фото ещё раз через минуту.
scan-download-failed = 📥 Не получилось скачать файл из Telegram. Попробуйте отправить ещё раз.
scan-no-provider = ⚙️ Платёжный провайдер не настроен. Обратитесь к администратору.
scan-text-hint = 📸 Пришлите фото QR-кода СБП (или ссылку qr.nspk.ru) — покажу сумму и получателя.

## Provider errors (while quoting)
provider-error-invalid_qr = 🚫 Провайдер не принял этот QR-код: он недействителен или уже оплачен. Попросите у кассира новый.
provider-error-unavailable = 🛠 Провайдер сейчас не отвечает. Попробуйте через минуту.
provider-error-network = 📡 Нет связи с провайдером. Попробуйте через минуту.
provider-error-timeout = ⌛ Провайдер не ответил вовремя. Попробуйте ещё раз.
provider-error-rate_limited = 🐢 Провайдер просит подождать. Попробуйте через минуту.
provider-error-unauthorized = 🔑 Провайдер отклонил ключ доступа. Администраторы уже знают; оплата пока недоступна.
provider-error-insufficient_funds = 💸 На балансе компании недостаточно средств.
provider-error-quote_expired = ⌛ Котировка истекла. Запросите новую.
provider-error-other = 😕 Провайдер не смог подготовить платёж. Попробуйте ещё раз или обратитесь к администратору.

## The card
card-title = 🧾 <b>Оплата по QR</b> · <code>{ $id }</code>
card-merchant = Получатель: <b>{ $name }</b>
card-merchant-unknown = Получатель: <i>провайдер не сообщил</i>
card-bank = Банк получателя: { $bank }
card-amount = Сумма: <b>{ $amount }</b>
card-fee = Комиссия: { $fee }
card-total = Итого: <b>{ $total }</b>
card-debit = Спишется: <b>{ $debit }</b>
card-debit-rate = Спишется: <b>{ $debit }</b> (курс { $rate } ₽)
card-balance-after = Баланс после оплаты: { $balance }
card-balance-now = Баланс: { $balance }
card-provider = Провайдер: { $provider }
card-provider-test = Провайдер: { $provider } · 🧪 тестовый режим
card-requested-by = Кто сканировал: { $name }
card-valid-for = ⏱ Котировка действует { $duration } — до { $time }
duration-seconds = { $n } с
duration-minutes = { $n } мин
card-warning-sum = ⚠️ В QR-коде указана сумма { $qrSum }, а провайдер выставил { $amount }. Сверьте с кассиром.
card-warning-crc = ⚠️ Контрольная сумма QR-кода не сходится — код мог быть изменён. Сверьте получателя.
card-warning-static = ⚠️ Статический QR-код без суммы: сумму назначил провайдер. Сверьте её с кассиром.
card-insufficient = 💸 Недостаточно средств: нужно { $debit }, на балансе { $balance }. Администраторы уже знают.
card-insufficient-unknown = 💸 Провайдер сообщает, что средств недостаточно. Администраторы уже знают.
card-state-confirming = ⏳ Оплачиваем… Статус придёт сюда.
card-state-processing = ⏳ Провайдер проводит платёж…
card-state-awaiting_approval = 🕒 Ждёт одобрения администратора.
card-state-succeeded = ✅ <b>Оплачено</b> { $time }
card-state-failed = ❌ <b>Не оплачено</b>: { $reason }
card-state-expired-quote = ⌛ Котировка истекла — запросите новую.
card-state-expired = ⌛ <b>Платёж не состоялся</b>: истёк срок проведения. Деньги не списаны или вернутся на баланс.
card-state-disputed = ⚠️ <b>Открыт спор</b> по платежу. Администратор разберётся.
card-state-cancelled = ✖ Отменено.
card-state-rejected = 🚫 Отклонено администратором.
card-state-by = Кто подтвердил: { $name }
button-pay = ✅ Оплатить { $amount }
button-cancel = ✖ Отмена
button-requote = 🔄 Новая котировка
button-topup = 💰 Как пополнить

## Failure reasons
failure-insufficient_funds = недостаточно средств на балансе (администраторы уже знают)
failure-quote_expired = котировка истекла
failure-invalid_qr = провайдер не принял QR-код
failure-rejected = провайдер отклонил платёж
failure-unauthorized = провайдер отклонил ключ доступа
failure-not_found = провайдер не нашёл платёж
failure-provider = { $reason }
failure-provider-unknown = провайдер не назвал причину

## Final notifications
notify-succeeded = ✅ Оплачено { $amount } — { $merchant }.
notify-failed = ❌ Платёж на { $amount } не прошёл: { $reason }.
notify-expired = ⌛ Платёж на { $amount } не состоялся: истёк срок. Деньги не списаны или вернутся на баланс.
notify-disputed = ⚠️ По платежу { $id } на { $amount } открыт спор.

## Callback answers
pay-answer-confirming = ⏳ Оплачиваем…
pay-answer-busy = Платёж уже в работе.
pay-answer-done = Этот платёж уже завершён.
pay-answer-expired = ⌛ Котировка истекла — запросите новую.
pay-answer-forbidden = Оплатить может только тот, кто сканировал QR-код, или администратор.
pay-answer-insufficient = 💸 Недостаточно средств на балансе.
pay-answer-not-found = Платёж не найден.
pay-answer-cancelled = Отменено.
pay-answer-requoting = 🔄 Запрашиваю новую котировку…

## Deposits (to administrators)
deposit-pending = 💰 Пополнение в пути: { $amount } ({ $provider }). Сообщу, когда зачислится.
deposit-credited = 💰 Пополнение зачислено: { $amount } ({ $provider }).
deposit-failed = ⚠️ Пополнение не прошло: { $amount } ({ $provider }).

## /balance
balance-title = 💼 <b>Баланс компании</b>
balance-line = { $provider }: <b>{ $amount }</b>
balance-address = Адрес: <code>{ $address }</code>
balance-mode-test = 🧪 тестовый режим
balance-mode-live = боевой режим
balance-error =
    { $provider }: баланс сейчас не получить.
    { $reason }

## /deposit
deposit-title = 💰 <b>Как пополнить баланс</b>
deposit-address =
    <b>{ $provider }</b>: переведите <b>{ $asset }</b> в сети <b>{ $network }</b> на адрес
    <code>{ $address }</code>
deposit-minimum = Минимум — { $min }.
deposit-fee = Комиссия провайдера — { $fee }.
deposit-credited-rub = Баланс пополнится в рублях по курсу провайдера.
deposit-only-asset = ⚠️ Отправляйте только { $asset } в сети { $network } — другие монеты пропадут.
deposit-unavailable =
    { $provider }: адрес пополнения сейчас не получить.
    { $reason }
deposit-qr-caption = QR-код адреса { $provider } ({ $network })

## /history and /status
history-title = 🗂 <b>Последние платежи</b>
history-title-all = 🗂 <b>Последние платежи компании</b>
history-empty = Платежей пока нет. Пришлите фото QR-кода, чтобы оплатить.
status-usage = Укажите номер платежа: /status P7K2M9XW4TQ (номер есть на карточке и в /history).
status-not-found = Не нашёл { $id }. Проверьте номер — он есть на карточке и в /history.
state-name-quoted = котировка
state-name-awaiting_approval = ждёт одобрения
state-name-confirming = оплачивается
state-name-processing = в обработке
state-name-succeeded = оплачен
state-name-failed = не прошёл
state-name-expired = истёк
state-name-disputed = спор
state-name-cancelled = отменён
state-name-rejected = отклонён

## /cancel
cancel-done =
    ✖ { $count ->
        [one] Отменена { $count } котировка.
        [few] Отменены { $count } котировки.
       *[many] Отменено { $count } котировок.
    }
cancel-nothing = Нечего отменять: открытых котировок нет.

## /provider
provider-choose = Через какого провайдера платить? Сейчас: { $current }.
provider-changed = ✅ Теперь платим через { $provider }.
provider-only-one = Настроен один провайдер: { $provider }.

## Commands menu
command-balance = Баланс компании
command-deposit = Как пополнить баланс
command-history = Последние платежи
command-status = Статус платежа по номеру
command-cancel = Отменить открытую котировку
command-provider = Выбрать провайдера

## Mini App scanner (live camera)
miniapp-button = 📷 Сканировать
miniapp-inline-button = 📷 Сканировать камерой
start-scanner = 📷 Ещё быстрее — кнопка «Сканировать» внизу: камера прочитает код сразу, без фото.
help-scanner = 📷 Можно без фото: «Сканировать» откроет камеру и прочитает код на лету.
miniapp-page-title = Сканер QR
miniapp-page-hint = Наведите камеру на QR-код оплаты
miniapp-page-scanning = Наведите камеру на QR-код СБП.
miniapp-page-not-payment = Это не QR-код оплаты. Наведите на код СБП
miniapp-page-sending = Передаю код боту…
miniapp-page-sent = ✅ Готово — ответ в чате с ботом.
miniapp-page-expired = Сканер открыт слишком давно. Откройте его заново из чата.
miniapp-page-failed = Не получилось передать код. Откройте сканер ещё раз или отправьте фото в чат.
miniapp-page-closed = Сканер закрыт.
miniapp-page-scan-again = 📷 Сканировать снова
miniapp-page-photo-button = Отправьте фото в чат
miniapp-page-unsupported = Этот Telegram не умеет сканировать QR-коды: сканер есть в приложениях для iPhone и Android. Отправьте фото кода в чат — бот прочитает его.
miniapp-page-not-in-telegram = Сканер открывается из Telegram: кнопка «📷 Сканировать» в чате с ботом.

## Access
access-stranger =
    👋 Этот бот — для сотрудников компании, и вас пока нет в списке.
    Ваш Telegram ID: <code>{ $id }</code>
    Отправьте его администратору — он пришлёт приглашение.
access-denied-button = Нет доступа. Попросите приглашение у администратора.
access-viewer-cannot-pay = 👀 Ваша роль — наблюдатель: вы видите баланс и историю, но оплачивать не можете. Если нужно платить — скажите администратору.
access-admin-only = Эта команда — только для администраторов.
access-private-only = 🔒 Это видно только в личном чате со мной: { $link }

## Roles
role-admin = администратор
role-payer = плательщик
role-viewer = наблюдатель

## Invites
invite-usage = Так: /invite payer (или viewer, admin). По умолчанию — плательщик.
invite-created =
    ✉️ Приглашение для роли «{ $role }» — одноразовое, действует до { $until }:
    { $link }
    Перешлите ссылку сотруднику.
invite-revoke-button = ✖ Отозвать
invite-revoked = Приглашение отозвано.
invite-gone = Этого приглашения уже нет.
invites-title = ✉️ <b>Действующие приглашения</b>
invites-line = { $role } · до { $until } · кто выдал: { $by }
invites-empty = Действующих приглашений нет. Новое — /invite
invite-welcome =
    ✅ Добро пожаловать, { $name }! Ваша роль — { $role }.
    📸 Пришлите фото QR-кода СБП — покажу сумму и получателя. Команды — /help
invite-welcome-viewer =
    ✅ Добро пожаловать, { $name }! Ваша роль — { $role }: баланс — /balance, история — /history.
invite-invalid = 🚫 Приглашение недействительно: его уже использовали, оно истекло или его отозвали. Попросите новое у администратора.
invite-already-member = Вы уже в команде ({ $role }). Приглашение не понадобилось — оно осталось действовать для другого человека.
invite-used-notice = ✅ Приглашение принято: { $name } — { $role }.

## People
team-title = 👥 <b>Команда</b> ({ $count })
team-hint = Выберите человека: роль, лимиты, удаление. 🔒 — администратор из настроек бота. Пригласить — /invite
team-page = Страница { $page } из { $pages }
team-person-button = { $name } — { $role }
team-person =
    👤 Имя: { $name }
    Роль: { $role }
    Лимиты: { $limits }
    Сегодня потрачено: { $spent }
    Telegram ID: <code>{ $id }</code>
team-person-configured = 🔒 Администратор из настроек бота: роль и удаление меняются только там.
team-person-limits = { $perPayment } на платёж ({ $perPaymentMark }), { $perDay } в день ({ $perDayMark })
team-person-unlimited = без лимитов — администратор платит без одобрения
team-button-role = 🎭 Сменить роль
team-button-limits = 💳 Лимиты
team-button-remove = 🗑 Удалить из команды
team-button-back = ⬅️ Назад
team-role-title =
    🎭 Роль: { $name }
    Сейчас: { $role }. Выберите новую.
team-role-current = { $role } ✓
team-role-same = Роль та же: { $role }.
team-outdated = Экран обновлён — проверьте и нажмите ещё раз.
team-person-gone = Этого человека уже нет в команде.
role-usage = Так: /role ID роль (payer, viewer или admin). Проще — через меню /users.
role-changed = ✅ Роль изменена: { $name } — { $role }.
person-not-found = Человека с ID { $id } нет в команде. Список — /users.
person-configured = Администратор, назначенный при установке: { $name }. Это меняется только в настройках бота.
person-last-admin = Нельзя: { $name } — последний администратор.
remove-usage = Так: /remove ID. Проще — через меню /users.
remove-confirm =
    🗑 Удалить из команды: { $name }?
    Доступ пропадёт сразу, в том числе кнопки на старых карточках.
remove-yes = 🗑 Да, удалить
remove-no = Нет
remove-done = 🗑 Удалено из команды: { $name }.
remove-cancelled = Отменено.

## Limits
limits-mine =
    💳 <b>Ваши лимиты</b>
    На один платёж: { $perPayment }
    В день: { $perDay }
    Сегодня потрачено: { $spent }
    Платежи выше { $threshold } — всегда с одобрения администратора.
limits-mine-admin =
    💳 <b>Ваши лимиты</b>: нет — администраторы платят без лимитов и без одобрения.
    Сегодня потрачено: { $spent }
limits-of =
    💳 <b>Лимиты: { $name }</b>
    На один платёж: { $perPayment } ({ $perPaymentMark })
    В день: { $perDay } ({ $perDayMark })
    Сегодня потрачено: { $spent }
limits-of-admin =
    💳 <b>Лимиты: { $name }</b>
    Нет: администратор платит без лимитов и без одобрения.
    Сегодня потрачено: { $spent }
limits-own-mark = свой
limits-default-mark = по умолчанию
limits-admin-note = Пока роль — администратор, они не действуют.
limits-ask-per-payment =
    💳 Лимиты: { $name }
    Сколько можно на один платёж, в рублях? Сейчас: { $current }.
limits-ask-per-day = Сколько можно в день, в рублях? Не меньше { $perPayment }. Сейчас: { $current }.
limits-bad-amount = Нужна сумма в рублях больше нуля, например 5000. Попробуйте ещё раз.
limits-bad-per-day = В день нужно не меньше, чем на один платёж ({ $perPayment }). Попробуйте ещё раз.
limits-gave-up = Лимиты не изменились. Начать заново — «💳 Лимиты» в /users.
limits-cancelled = Отменено: лимиты не изменились.
limits-button-default = ↩️ По умолчанию: { $perPayment } / { $perDay }
limits-button-cancel = ✖ Отмена
limits-usage = Так: /limits ID на_платёж в_день (в рублях), например /limits 123 5000 20000, или /limits ID default
limits-changed = ✅ { $name }: { $perPayment } на платёж, { $perDay } в день.
limits-reset = ✅ { $name }: лимиты по умолчанию — { $perPayment } на платёж, { $perDay } в день.

## Approvals
card-state-awaiting-approval = 🕒 Ждёт одобрения администратора: { $reasons }.
card-approved-by = ✅ Кто одобрил: { $name }
card-approved-changed = ⚠️ После одобрения сумма изменилась: было { $before }, стало { $after }. Проверьте и подтвердите.
approval-reason-over_payment_limit = больше лимита сотрудника на один платёж
approval-reason-over_company_threshold = выше порога компании, от которого одобряют всегда
approval-reason-over_daily_limit = превышен дневной лимит сотрудника
approval-request =
    🕒 <b>Нужно одобрение</b> · <code>{ $id }</code>
    Кто просит: { $who }
    Сумма: <b>{ $amount }</b> — { $merchant }
    Почему: { $reasons }.
approval-decided-approved = ✅ Одобрено. Кто одобрил: { $name }
approval-decided-rejected = 🚫 Отклонено. Кто отклонил: { $name }
approval-cancelled = ✖ Запрос больше не нужен: платёж { $state }.
approval-approve = ✅ Одобрить
approval-reject = 🚫 Отклонить
approval-answer-approved = ✅ Одобрено.
approval-answer-rejected = 🚫 Отклонено.
approval-answer-already-approved = Уже одобрено. Кто одобрил: { $name }.
approval-answer-already-rejected = Уже отклонено. Кто отклонил: { $name }.
approval-answer-gone = Этот запрос уже закрыт.
pay-answer-approval = 🕒 Отправил на одобрение администратору.
notify-rejected = 🚫 Платёж на { $amount } отклонён. Кто отклонил: { $name }.

## Audit and export
audit-title = 📜 <b>Журнал действий</b> (новые сверху)
audit-empty = Журнал пуст.
audit-line = { $at } · { $who }: { $what }
audit-system = бот
export-usage = Так: /export [с] [по] [all] [xlsx] — даты как 01.11.2026. Без дат — с начала месяца по сегодня; all — вместе с котировками и счетами без оплаты; xlsx — файл Excel.
export-caption = 📄 Деньги, которые прошли с { $from } по { $to }: { $count }. Всё, включая неоплаченное: добавьте all.
export-empty = С { $from } по { $to } деньги не двигались. Всё, включая неоплаченное: /export all
csv-date = Дата
csv-person = Сотрудник
csv-merchant = Получатель или способ
csv-amount = Сумма, ₽
csv-fee = Комиссия, ₽
csv-status = Статус
csv-provider-id = ID у провайдера
csv-reference = Номер

command-invite = Пригласить сотрудника
command-invites = Действующие приглашения
command-users = Команда: роли, лимиты, удаление
command-role = Сменить роль
command-remove = Удалить из команды
command-limits = Лимиты
command-audit = Журнал действий
command-export = Выгрузка для бухгалтерии (CSV, Excel)

## /statement
command-statement = Выписка провайдера
statement-title = 📒 <b>{ $provider }: последние операции</b> ({ $count })
statement-line = { $date } · { $type } · <b>{ $amount }</b> · остаток { $balance }{ $note }
statement-type-deposit = пополнение
statement-type-payment = платёж
statement-type-refund = возврат
statement-type-adjustment = корректировка
statement-type-other = операция
statement-none = { $provider }: выписку этот провайдер не даёт — смотрите его личный кабинет.
statement-empty = { $provider }: операций пока нет.
statement-error = { $provider }: выписка сейчас недоступна. { $reason }
statement-overseers-only = Выписка — для администраторов и наблюдателей.

## /receive: taking money in
command-receive = 📥 Принять оплату от клиента
receive-usage = Так: /receive 1500 — сумма в рублях. Или просто /receive, и я спрошу.
receive-ask-amount = 📥 Сколько принять? Напишите сумму в рублях, например: 1500
receive-bad-amount = Не понял сумму. Напишите число в рублях, например: 1500 или 1 500,50
receive-gave-up = Сумма так и не понятна — начните заново: /receive 1500
receive-not-configured = 📥 Приём оплаты пока не подключён. Обратитесь к администратору.
receive-viewer = 👁 Наблюдатель не выставляет счета. Это может плательщик или администратор.
receive-choose-way = Как клиенту удобнее заплатить?
receive-choose-bank = Реквизиты какого банка дать клиенту?
receive-any-bank = Любой банк
receive-creating = 📥 Готовлю реквизиты на { $amount }…
receive-method-sbp = СБП по номеру телефона · { $provider }
receive-method-card = Перевод на карту · { $provider }
receive-method-link = Ссылка на оплату · { $provider }
bank-sberbank = Сбербанк
bank-tinkoff = Т-Банк
bank-alfa = Альфа-Банк
bank-vtb = ВТБ
bank-raiffeisen = Райффайзенбанк

invoice-title = 📥 <b>Счёт</b> <code>{ $id }</code> · <b>{ $amount }</b>
invoice-way = Способ: { $way }
invoice-bank = Банк: { $bank }
invoice-requested-by = Кто выставил: { $name }
invoice-state-creating = ⏳ Запрашиваю реквизиты у провайдера…
requisite-card = Карта: { $value }
requisite-phone = Телефон: { $value }
requisite-bank = Банк получателя: { $value }
requisite-holder = Получатель: { $value }
requisite-account = Счёт: { $value }
requisite-other = Дополнительно ({ $key }): { $value }
invoice-link = Ссылка: { $url }
invoice-valid-until = ⏱ Действует до { $time } (ещё { $minutes } мин)
invoice-state-waiting = ⏳ Ждём оплату от клиента. Как только деньги придут, карточка станет ✅.
invoice-button-open-link = 🔗 Открыть страницу оплаты
invoice-button-forward = 📤 Переслать клиенту
invoice-button-cancel = ✖ Отменить
invoice-state-paid = ✅ <b>Получено { $amount }</b> в { $time }
invoice-paid-differs = ⚠️ Выставлено было { $asked } — клиент заплатил другую сумму.
invoice-credit-estimate = ≈ зачислено { $credit } (оценка провайдера за вычетом комиссии)
invoice-state-no-requisites = 😕 Сейчас нет свободных реквизитов. Попробуйте ещё раз через минуту или выберите другой банк.
invoice-state-failed = 😕 Провайдер не выдал реквизиты. Попробуйте ещё раз или выберите другой способ.
invoice-button-retry = 🔄 Повторить
invoice-button-other-bank = 🏦 Другой банк
invoice-button-other-service = ↪️ Через другой сервис
invoice-state-expired = ⌛ <b>Истекло</b> — клиент не заплатил вовремя. Нужен новый счёт: /receive
invoice-state-cancelled = ✖ <b>Отменено.</b> Если клиент всё же заплатит, деньги не потеряются — карточка покажет это.
invoice-state-disputed = ⚠️ <b>Спор</b> — провайдер открыл спор по оплате. Администраторы разберутся с провайдером.
invoice-state-attention = ⚠️ <b>Требует проверки</b> — провайдер прислал данные, которым нельзя верить, поэтому оплата не засчитана. Администраторы уже знают.
invoice-customer-title = 💳 Оплата { $amount }
invoice-customer-until = Пожалуйста, оплатите до { $time }.
invoice-qr-caption = QR-код страницы оплаты на { $amount } — клиент может отсканировать его с экрана.
invoice-notice-paid = ✅ Получено { $amount } по счёту { $id }.
invoice-notice-expired = ⌛ Счёт { $id } на { $amount } истёк: клиент не заплатил.
invoice-notice-disputed = ⚠️ По счёту { $id } на { $amount } открыт спор.
invoice-notice-attention = ⚠️ Счёт { $id } на { $amount } требует проверки — оплата не засчитана.
invoice-attention-admins =
    ⚠️ Счёт { $id } на { $amount } требует проверки: провайдер прислал суммы, которым нельзя верить, или так и не сообщил итог.
    Кто выставил: { $name }. Сверьте оплату в кабинете провайдера.
invoice-answer-not-waiting = Этот счёт уже не ждёт оплаты.
invoice-answer-forward = Перешлите клиенту сообщение ниже.
invoice-answer-cancelled = Счёт отменён.
invoice-answer-retrying = Запрашиваю реквизиты ещё раз…
csv-direction = Направление
csv-direction-out = расход
csv-direction-in = приход
history-line-in = { $icon } { $date } · <b>+{ $amount }</b> · { $merchant } · { $who } · <code>{ $id }</code>
invoice-state-name-creating = запрашиваются реквизиты
invoice-state-name-waiting = ждёт оплаты
invoice-state-name-paid = получено
invoice-state-name-expired = истёк
invoice-state-name-cancelled = отменён
invoice-state-name-disputed = спор
invoice-state-name-failed = не создан
invoice-state-name-attention = требует проверки

## /topup: the exchanger
command-topup = 💱 Пополнить баланс через обменник
deposit-exchange-offer = Можно пополнить и из рублей — обменник сам отправит USDT на адрес провайдера.
deposit-exchange-button = 💱 Через обменник
topup-usage = Так: /topup 50000 — сумма в рублях. Или просто /topup, и я спрошу.
topup-not-configured = 💱 Обменник не подключён. Пополнить можно переводом USDT: /deposit
topup-ask-amount = 💱 На сколько рублей пополнить? Напишите сумму, например: 50000
topup-bad-amount = Не понял сумму. Напишите число в рублях, например: 50000
topup-gave-up = Сумма так и не понятна — начните заново: /topup 50000
topup-choose-provider = Баланс какого провайдера пополнить?
topup-preview-title = 💱 <b>Пополнение { $provider }</b> на <b>{ $amount }</b>
topup-preview-usdt = Придёт ≈ <b>{ $usdt }</b> (по последнему курсу { $rate } ₽ — точную сумму назовёт обменник)
topup-preview-usdt-unknown = Сколько USDT придёт, обменник назовёт при создании заявки.
topup-preview-fee = Комиссия провайдера за зачисление: { $fee }
topup-preview-balance = Баланс сейчас: { $balance }
topup-preview-after = Баланс после: ≈ { $balance }
topup-preview-how = Обменник получит рубли и отправит USDT на адрес провайдера. Дальше бот сам следит за заявкой и скажет, когда деньги зачислены.
topup-button-create = ✅ Создать заявку
topup-button-cancel = Отмена
topup-cancelled = Хорошо, заявку не создаю.
topup-creating = 💱 Создаю заявку в обменнике: { $amount } → { $provider }…
topup-refused-forbidden = Пополнять баланс могут только администраторы.
topup-refused-unavailable = 💱 Этот провайдер сейчас не пополнить через обменник. Попробуйте позже или переводом: /deposit
topup-refused-provider = 😕 Провайдер не сообщил адрес для пополнения. Попробуйте через минуту.
topup-title = 💱 <b>Пополнение</b> <code>{ $id }</code> · <b>{ $amount }</b> → { $provider }
topup-order = Заявка в обменнике № { $uid }
topup-state-creating = ⏳ Создаю заявку в обменнике…
topup-status-new = ⏳ Заявка создана, обменник её готовит.
topup-status-errorPayment = ⚠️ Обменник не увидел оплату. Проверьте платёж и напишите в поддержку обменника, указав заявку № { $uid }.
topup-status-inProgress = ⏳ Обменник принял оплату и меняет рубли на USDT.
topup-status-inProgressPayout = ⏳ Обменник отправляет USDT на адрес { $provider }.
topup-status-errorPayout = ⚠️ Обменник не смог отправить USDT. Напишите в его поддержку, указав заявку № { $uid }; бот продолжает следить.
topup-status-hold = ⚠️ Обменник заморозил заявку. Напишите в его поддержку, указав заявку № { $uid }; бот продолжает следить.
topup-status-other = ⏳ Обменник работает над заявкой. Бот следит и сообщит, когда всё будет готово.
topup-button-pay-page = 💳 Оплатить на странице обменника
topup-button-paid = ✅ Оплата отправлена
topup-state-sent = 📤 Обменник отправил { $usdt } — ждём зачисления на баланс { $provider }.
topup-state-credited = ✅ <b>Баланс пополнен</b> в { $time }
topup-credited-amount = Зачислено: { $amount }
topup-credited-balance = Баланс { $provider }: <b>{ $balance }</b>
topup-state-returned = ↩️ Обменник вернул деньги: условия обмена не выполнены. Заявка № { $uid }.
topup-state-cancelled = ✖ Обменник отменил заявку № { $uid }. Нужна новая: /topup
topup-state-failed = 😕 Заявку создать не получилось. Попробуйте ещё раз: /topup
topup-state-failed-unknown = ⚠️ Обменник не ответил — заявка могла создаться. Прежде чем создавать новую, проверьте личный кабинет обменника.
topup-state-attention = ⚠️ Обменник отправил USDT, но { $provider } их так и не зачислил. Проверьте перевод в кабинете провайдера.
topup-notice-credited = ✅ Баланс { $provider } пополнен: { $balance }.
topup-notice-returned = ↩️ Пополнение { $provider } на { $amount } не состоялось: обменник вернул деньги.
topup-notice-cancelled = ✖ Пополнение { $provider } на { $amount } отменено обменником.
topup-notice-attention = ⚠️ Пополнение { $provider } на { $amount } требует проверки: деньги отправлены, но не зачислены.
topup-answer-paid = Отметил оплату — обменник меняет рубли.
topup-answer-paid-failed = Обменник сейчас не отвечает. Нажмите ещё раз через минуту.
topup-answer-not-waiting = Эта заявка уже не ждёт оплаты.

## Never run dry
runway-days = ⚠️ Баланса { $provider } хватит примерно на { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
  }. Сейчас: { $balance }.
runway-under-a-day = ⚠️ Баланса { $provider } не хватит на обычный день трат. Сейчас: { $balance }.
runway-insufficient = 💸 У { $provider } не хватило денег на платёж. Баланс: { $balance }.
runway-suggest = Пополнить на { $amount } через обменник — кнопка ниже.
runway-deposit = Пополнить: /deposit
runway-button = 💱 Пополнить через обменник на { $amount }
approval-reason-over_company_threshold-detail = выше порога компании { $limit }: такие платежи одобряют всегда
approval-reason-over_daily_limit-detail = дневной лимит сотрудника { $limit }, за сегодня уже { $spent }
approval-reason-over_payment_limit-detail = больше лимита сотрудника на один платёж ({ $limit })
card-needs-approval = 🕒 Нужно одобрение администратора: { $reasons }. После «Оплатить» запрос уйдёт администраторам.
csv-direction-topup = пополнение
history-hidden = Скрыты неоплаченные котировки и несостоявшиеся счета: { $hidden }. Все: /history all
history-legend = <i>✅ прошло · ⏳ в пути · 🕒 ждёт одобрения · 📥 ждёт оплаты клиента · ❌ не прошло · ⌛ истекло · ✖ отменено · 🚫 отклонено · ⚠️ спор или проверка. Подробно: /status номер</i>
history-line-out = { $icon } { $date } · <b>−{ $amount }</b> · { $merchant } · { $who } · <code>{ $id }</code>
history-line-topup = { $icon } { $date } · 💱 <b>{ $amount }</b> → { $merchant } · { $who } · <code>{ $id }</code>
history-only-hidden = Здесь только неоплаченные котировки ({ $hidden }). Показать их: /history all
topup-state-name-attention = требует проверки
topup-state-name-awaiting_payment = ждёт оплаты
topup-state-name-cancelled = отменено
topup-state-name-creating = создаётся
topup-state-name-credited = зачислено
topup-state-name-exchanging = обмен
topup-state-name-failed = не создано
topup-state-name-returned = возврат
topup-state-name-sent = отправлено, ждёт зачисления
audit-approval-approved = одобрено — { $id } на { $amount }
audit-approval-rejected = отклонено — { $id } на { $amount }
audit-approval-requested = запрос одобрения — { $id } на { $amount }
audit-export-sent = выгрузка с { $from_day } по { $to_day }, строк: { $rows }
audit-invite-invalid = попытка войти по недействительному приглашению
audit-invite-issued = выдано приглашение ({ $role })
audit-invite-revoked = приглашение отозвано
audit-invite-used = принято приглашение ({ $role })
audit-invoice-cancelled = отменён счёт { $id } на { $amount }
audit-invoice-final = счёт { $id } на { $amount }: { $state }
audit-invoice-issued = выданы реквизиты по счёту { $id } на { $amount }
audit-invoice-requested = запрошен счёт { $id } на { $amount }
audit-limits-changed =
    { $reset ->
        [yes] лимиты по умолчанию — { $person }
       *[no] лимиты — { $person }: { $perPayment } на платёж, { $perDay } в день
    }
{ $reset ->
        [yes] лимиты по умолчанию — { $person }
       *[no] лимиты — { $person }: { $perPayment } на платёж, { $perDay } в день
    }
audit-no-more = Раньше записей нет.
audit-older = ⬅️ Раньше
audit-other = другое событие
audit-payment-final = платёж { $id } на { $amount }: { $state }
audit-payment-pay = нажато «Оплатить» — { $id } на { $amount }
audit-payment-quoted = котировка { $id } на { $amount }
audit-person-removed = удаление из команды — { $person } ({ $role })
audit-person-role_changed = роль изменена — { $person }: { $from } → { $to }
audit-reason-bad_body = непонятное содержимое
audit-reason-bad_signature = подпись не сошлась
audit-reason-malformed_header = подпись не разобрать
audit-reason-missing_header = нет подписи
audit-reason-other = причина не указана
audit-reason-stale_timestamp = устаревшая метка времени
audit-state-attention = требует проверки
audit-state-awaiting_approval = ждёт одобрения
audit-state-awaiting_payment = ждёт оплаты
audit-state-cancelled = отменён
audit-state-confirming = оплачивается
audit-state-creating = создаётся
audit-state-credited = зачислено
audit-state-disputed = спор
audit-state-exchanging = обмен
audit-state-expired = истёк
audit-state-failed = не прошёл
audit-state-final = завершено
audit-state-marked_paid = отмечена оплата
audit-state-paid = получено
audit-state-processing = в обработке
audit-state-quoted = котировка
audit-state-rejected = отклонён
audit-state-requested = запрошено
audit-state-returned = возврат
audit-state-sent = отправлено
audit-state-succeeded = оплачен
audit-state-waiting = ждёт оплаты
audit-title-filtered = 📜 <b>Журнал действий</b> — { $filter }
audit-topup-final = пополнение { $id } на { $amount }: { $state }
audit-topup-marked_paid = отмечена оплата пополнения { $id } на { $amount }
audit-topup-requested = заявка на пополнение { $id } на { $amount }
audit-topup-step = пополнение { $id } на { $amount }: { $state }
audit-usage = Так: /audit — всё; /audit 123456789 — действия человека (ID — в /users); /audit P7K2M9XW4TQ — всё о платеже, счёте или пополнении.
audit-webhook-rejected = отклонено уведомление { $provider }: { $reason }
csv-provider = Провайдер
csv-rate = Курс, ₽ за USDT
csv-time = Время
csv-usdt = USDT
export-caption-all = 📄 Всё с { $from } по { $to }, включая неоплаченное: { $count }.
export-empty-all = С { $from } по { $to } ничего нет.
export-overseers-only = Выгрузка — для администраторов и наблюдателей.
export-reversed = Начало периода позже конца: { $from } после { $to }. Поменяйте даты местами.
xlsx-sheet = Деньги
xlsx-total-in = Итого приход
xlsx-total-out = Итого расход
xlsx-total-topup = Итого пополнения
unknown-command = 🤔 Такой команды нет. Все команды — в /help.
gost-field-BIC = БИК
gost-field-BankName = Банк
gost-field-CorrespAcc = Корр. счёт
gost-field-KPP = КПП
gost-field-Name = Получатель
gost-field-PayeeINN = ИНН получателя
gost-field-PersonalAcc = Счёт
gost-field-Purpose = Назначение
gost-field-Sum = Сумма
scan-file-too-big-unknown = 📦 Файл больше 20 МБ — Telegram не отдаёт такие боту. Пришлите фото или снимок QR-кода.
scan-too-many-pixels = 🖼 Картинка слишком большая по размеру в пикселях. Пришлите обычное фото или скриншот QR-кода.
scan-unsupported-format = 🖼 Этот формат картинки не поддерживается. Пришлите JPEG или PNG — проще всего как фото.
button-pay-via = ✅ Оплатить через { $provider } · { $amount }
button-retry = 🔄 Попробовать ещё раз
card-failed-next-admins = Через этого провайдера сейчас не заплатить: администратору нужно проверить ключ доступа. Пока оплатите иначе.
card-failed-next-new-code = Попросите у кассира новый QR-код и пришлите его.
card-failed-next-retry = Попробуйте ещё раз — бот запросит новую котировку. Если снова не выйдет, попросите у кассира другой QR-код или оплатите иначе.
card-failed-next-topup = Когда баланс пополнят, пришлите QR-код ещё раз.
card-fallback-insufficient_funds = 🔀 На балансе { $chosen } не хватает денег — цена от { $provider }. Оплата пройдёт через { $provider }.
card-fallback-unavailable = 🔀 { $chosen } сейчас не отвечает — цена от { $provider }. Оплата пройдёт через { $provider }.
card-warning-no-sum = ⚠️ В QR-коде нет суммы: её назначил провайдер. Сверьте сумму с кассиром.
provider-down-admins = 🛠 { $provider } не отвечает на запросы котировок — оплата по QR-кодам сейчас недоступна. Проверьте статус провайдера.
provider-down-admins-fallback = 🛠 { $provider } не отвечает на запросы котировок. Пока оплаты предлагаются через { $alternatives }. Проверьте статус провайдера.
status-date = 🗓 Дата: { $time }
approvals-more = Это первые 10. Ответьте на них и отправьте /approvals снова — покажу остальные ({ $count }).
approvals-none = Одобрения сейчас ничего не ждёт.
approvals-title =
    🕒 { $count ->
        [one] Ждёт одобрения { $count } платёж:
        [few] Ждут одобрения { $count } платежа:
       *[many] Ждут одобрения { $count } платежей:
    }
command-approvals = Платежи, ждущие одобрения
topup-status-waitPayment = 💳 Ждём вашу оплату на странице обменника. После оплаты нажмите «Оплата отправлена».
