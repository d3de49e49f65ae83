# Shared wording: navigation, states, errors, statuses and durations.
common-loading = Загрузка…
common-retry = Повторить
lang-switcher = Язык

nav-main = Главное меню
nav-orders = Заказы
nav-new-order = Новый заказ
nav-time = Моё время
nav-profile = Профиль
nav-catalog = Каталог
nav-mechanics = Механики
nav-system = Система
nav-sign-out = Выйти

forbidden-title = Нет доступа
forbidden-text = Панель администратора только для администраторов. Вы вошли как механик.
forbidden-back = К моим заказам
not-found-title = Такой страницы нет.
not-found-home = На главную

error-network = Сервер недоступен. Проверьте связь и попробуйте снова.
error-unauthorized = Срок входа истёк. Войдите снова.
error-forbidden = У вас нет прав на это действие.
error-not-found = Не найдено. Возможно, это было удалено.
error-feature-disabled = Эта функция выключена на сервере.
error-conflict = Это противоречит текущему состоянию. Обновите страницу и попробуйте снова.
error-rate-limited = Слишком много попыток. Подождите несколько минут и попробуйте снова.
error-invalid = Проверьте это значение.
error-bad-request = Не удалось прочитать запрос. Обновите страницу и попробуйте снова.
error-internal = На сервере что-то пошло не так. Попробуйте позже.
error-vin = VIN состоит из 1–17 латинских букв и цифр.
error-car-number = Номер машины — до 20 букв, цифр, пробелов и дефисов.
error-part-type = Укажите деталь (до 200 символов).
error-category = Укажите категорию (до 100 символов).
error-pick-part = Выберите деталь из каталога.
error-quantity = Количество — целое число от 1 до 999.
error-comment = Напишите комментарий длиной до 2000 символов.
error-text-too-long = Слишком длинный текст (до 2000 символов).
error-price = Введите сумму, например 120 или 99.90.
error-minutes = Введите минуты целым числом от 1 до 1440.
error-name = Введите имя длиной до 100 символов.
error-username = Имя пользователя — от 3 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний, либо адрес электронной почты.
error-username-taken = Это имя пользователя уже занято.
error-password = Пароль — не короче 8 символов.
error-current-password = Текущий пароль неверен.
error-password-mismatch = Пароли не совпадают.
error-time-missing = Укажите, когда работа началась и закончилась.
error-time-order = Конец должен быть позже начала, не более чем через 16 часов и не в будущем.
error-chat-id = ID чата в Telegram — целое число.
error-chat-id-taken = Этот чат Telegram уже привязан к другому человеку.
error-self-deactivate = Нельзя отключить самого себя: это должен сделать другой администратор.
error-self-role = Нельзя снять с себя права администратора: это должен сделать другой администратор.
error-mechanic = Выберите активного механика.
error-date = Введите настоящую дату в виде дд.мм.гггг.

status-new = Новый
status-in-progress = В работе
status-ready = Готов
status-completed = Выполнен
status-cancelled = Отменён
status-to-in-progress = Взять в работу
status-to-ready = Отметить готовым
status-to-completed = Выполнить
status-to-cancelled = Отменить заказ

duration-minutes = { $minutes } мин
duration-hours-minutes = { $hours } ч { $minutes } мин

confirm-cancel-title = Отменить заказ #{ $id }?
confirm-complete-title = Выполнить заказ #{ $id }?
confirm-cancel-text = Отменённый заказ закрывается навсегда: его нельзя открыть снова или изменить.
confirm-complete-text = Выполненный заказ закрывается навсегда: его нельзя открыть снова или изменить.
confirm-back = Назад

# A date typed by hand (the admin's order filters), in the order this language's short dates use.
date-pattern = дд.мм.гггг
date-pick = Выбрать дату в календаре
