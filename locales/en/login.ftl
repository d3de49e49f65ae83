# The login page.
login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-wrong = Wrong username or password.
login-deactivated = This account is deactivated. Ask an admin to turn it back on.
login-missing = Enter your username and password.
login-link-invalid = This sign-in link has expired or was already used. Sign in with your password.
