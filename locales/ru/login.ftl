# The login page.
login-title = Вход
login-username = Имя пользователя
login-password = Пароль
login-submit = Войти
login-wrong = Неверное имя пользователя или пароль.
login-deactivated = Эта учётная запись отключена. Попросите администратора включить её снова.
login-missing = Введите имя пользователя и пароль.
login-link-invalid = Ссылка для входа устарела или уже использована. Войдите с паролем.
