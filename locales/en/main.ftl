# Shared wording: navigation, states, errors, statuses and durations.
common-loading = Loading…
common-retry = Try again
lang-switcher = Language

nav-main = Main menu
nav-orders = Orders
nav-new-order = New order
nav-time = My time
nav-profile = Profile
nav-catalog = Catalog
nav-mechanics = Mechanics
nav-system = System
nav-sign-out = Sign out

forbidden-title = Not allowed
forbidden-text = The admin panel is for admins only. You are signed in as a mechanic.
forbidden-back = Go to my orders
not-found-title = This page does not exist.
not-found-home = Go to the start page

error-network = The server cannot be reached. Check the connection and try again.
error-unauthorized = Your sign-in has expired. Please sign in again.
error-forbidden = You are not allowed to do this.
error-not-found = It was not found. It may have been deleted.
error-feature-disabled = This feature is turned off on the server.
error-conflict = This clashes with the current state. Reload and try again.
error-rate-limited = Too many attempts. Wait a few minutes and try again.
error-invalid = Check this value.
error-bad-request = The request could not be read. Reload the page and try again.
error-internal = Something went wrong on the server. Try again later.
error-vin = A VIN has 1 to 17 Latin letters and digits.
error-car-number = A car number has up to 20 letters, digits, spaces and dashes.
error-part-type = Enter the part (up to 200 characters).
error-category = Enter the category (up to 100 characters).
error-pick-part = Pick a part from the catalog.
error-quantity = The quantity is a whole number from 1 to 999.
error-comment = Write a comment of up to 2000 characters.
error-text-too-long = This text is too long (up to 2000 characters).
error-price = Enter an amount like 120 or 99.90.
error-minutes = Enter the minutes as a whole number from 1 to 1440.
error-name = Enter a name of up to 100 characters.
error-username = A username has 3 to 64 Latin letters, digits, dots, dashes or underscores, or is an email address.
error-username-taken = This username is taken.
error-password = A password has at least 8 characters.
error-current-password = The current password is wrong.
error-password-mismatch = The two passwords differ.
error-time-missing = Enter when the work started and ended.
error-time-order = The end must come after the start, at most 16 hours later, and not in the future.
error-chat-id = A Telegram chat id is a whole number.
error-chat-id-taken = Another person already has this Telegram chat.
error-self-deactivate = You cannot deactivate yourself: another admin has to.
error-self-role = You cannot take away your own admin role: another admin has to.
error-mechanic = Choose an active mechanic.
error-date = Enter a real date as mm/dd/yyyy.

status-new = New
status-in-progress = In progress
status-ready = Ready
status-completed = Completed
status-cancelled = Cancelled
status-to-in-progress = Start work
status-to-ready = Mark ready
status-to-completed = Complete
status-to-cancelled = Cancel order

duration-minutes = { $minutes } min
duration-hours-minutes = { $hours } h { $minutes } min

confirm-cancel-title = Cancel order #{ $id }?
confirm-complete-title = Complete order #{ $id }?
confirm-cancel-text = A cancelled order is closed for good: it cannot be reopened or changed.
confirm-complete-text = A completed order is closed for good: it cannot be reopened or changed.
confirm-back = Go back

# A date typed by hand (the admin's order filters), in the order this language's short dates use.
date-pattern = mm/dd/yyyy
date-pick = Pick a date on the calendar
