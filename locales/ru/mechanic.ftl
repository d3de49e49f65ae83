# The mechanics' app: dashboard, one order, a new order, time and profile.
dash-title = Мои заказы
dash-active = Активные заказы
dash-completed-today = Выполнено сегодня
dash-hours-today = Отработано сегодня
dash-timer-running = Таймер идёт по заказу #{ $id }.
dash-tabs = Фильтр по статусу
dash-tab-all = Все
dash-empty = Здесь нет заказов.

order-title = Заказ #{ $id }
order-back = ← К заказам
order-status-moves = Смена статуса
order-facts = Заказ
order-vin = VIN
order-car-number = Номер машины
order-category = Категория
order-part = Деталь
order-kind = Оригинал или аналог
order-original = Оригинал
order-analog = Аналог
order-quantity = Количество
order-mechanic = Механик
order-unassigned = (не назначен)
order-not-in-catalog = (введено вручную, не из каталога)
order-add-to-catalog = Добавить в каталог
order-closed-completed = Выполнен: заказ закрыт окончательно. Его статус и счёт больше не меняются.
order-closed-cancelled = Отменён: заказ закрыт окончательно. Его статус и счёт больше не меняются.
order-created = Создан
order-updated = Изменён
order-tracked = Учтено времени
order-photo = Фото
order-photo-in-telegram = Прислано с заказом в Telegram

history-title = История
history-created = { $who }: заказ создан
history-status = { $who }: { $status }
history-assigned = { $who }: заказ назначен

comments-title = Комментарии ({ $count })
comments-empty = Комментариев пока нет.
comments-new = Новый комментарий
comments-add = Добавить комментарий

time-title = Время
time-start = Запустить таймер
time-stop = Остановить таймер
time-running = идёт
time-manual = Добавить время вручную
time-manual-mark = (вручную)
time-started = Начало
time-ended = Конец
time-note = Заметка
time-add = Добавить время
time-history = Время по этому заказу
time-page-title = Моё время
time-periods = Период
time-today = Сегодня
time-week = Эта неделя
time-month = Этот месяц
time-total = Всего: { $time }
time-nothing = За этот период время не учтено.

items-title = Детали и работы
items-empty = Пока ничего не начислено.
items-name = Название
items-amount = Кол-во
items-unit-price = Цена за шт.
items-line-total = Сумма
items-remove = Удалить
items-totals = Итоги
items-parts-total = Детали
items-work-total = Работы
items-total = Итого
items-add-title = Добавить строку
items-kind = Вид
items-kind-catalog = Деталь из каталога
items-kind-custom = Другая деталь
items-kind-work = Работа
items-category = Категория
items-part = Деталь
items-choose = Выберите…
items-quantity = Количество
items-part-number = Артикул
items-work-name = Выполненная работа
items-price = Цена
items-minutes = Минуты
items-add = Добавить

assign-title = Назначить механику
assign-mechanic = Механик
assign-note = Заметка
assign-submit = Назначить

new-title = Новый заказ
new-step-part = 1. Деталь
new-step-details = 2. Машина и детали
new-step-confirm = 3. Проверка и отправка
new-pick-category = Выберите категорию
new-pick-part = Выберите деталь: { $category }
new-part-count = { $count ->
    [one] { $count } деталь
    [few] { $count } детали
   *[many] { $count } деталей
}
new-back-categories = ← Все категории
new-not-in-catalog = Нет в каталоге? Введите деталь вручную
new-back-to-catalog = Назад к каталогу
new-no-parts = В этой категории пока нет деталей.
new-next = Далее
new-back = Назад
new-review = Проверить заказ
new-comment = Комментарий
new-check = Всё верно?
new-send = Отправить заказ

profile-title = Профиль
profile-role-mechanic = Механик
profile-role-admin = Администратор
profile-language = Язык:
profile-password = Смена пароля
profile-current-password = Текущий пароль
profile-new-password = Новый пароль
profile-repeat-password = Новый пароль ещё раз
profile-change-password = Сменить пароль
profile-password-changed = Пароль изменён.
profile-password-revoked = Остальные входы завершены, Telegram отвязан: получите новый код ниже, чтобы привязать его снова.
profile-telegram = Telegram
profile-telegram-help = Получите код, введя пароль, и отправьте его боту мастерской { $bot }: он будет писать вам о ваших заказах.
profile-telegram-code = Получить код
profile-telegram-send = Отправьте боту { $bot }:
profile-telegram-open = Открыть { $bot } в Telegram
profile-telegram-off = В этой мастерской Telegram не подключён, привязывать не к чему.
