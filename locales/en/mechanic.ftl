# The mechanics' app: dashboard, one order, a new order, time and profile.
dash-title = My orders
dash-active = Active orders
dash-completed-today = Completed today
dash-hours-today = Worked today
dash-timer-running = A timer is running on order #{ $id }.
dash-tabs = Filter by status
dash-tab-all = All
dash-empty = No orders here.

order-title = Order #{ $id }
order-back = ← Back to the orders
order-status-moves = Change the status
order-facts = Order
order-vin = VIN
order-car-number = Car number
order-category = Category
order-part = Part
order-kind = Original or analog
order-original = Original
order-analog = Analog
order-quantity = Quantity
order-mechanic = Mechanic
order-unassigned = (not assigned)
order-closed-completed = Completed: this order is closed for good. Its status and bill no longer change.
order-closed-cancelled = Cancelled: this order is closed for good. Its status and bill no longer change.
order-created = Created
order-updated = Updated
order-tracked = Tracked
order-photo = Photo
order-photo-in-telegram = Sent with the Telegram order

history-title = History
history-created = { $who } created the order
history-status = { $who }: { $status }
history-assigned = { $who } assigned the order

comments-title = Comments ({ $count })
comments-empty = No comments yet.
comments-new = New comment
comments-add = Add comment

time-title = Time
time-start = Start timer
time-stop = Stop timer
time-running = running
time-manual = Add time by hand
time-manual-mark = (by hand)
time-started = Started
time-ended = Ended
time-note = Note
time-add = Add time
time-history = Time on this order
time-page-title = My time
time-periods = Period
time-today = Today
time-week = This week
time-month = This month
time-total = Total: { $time }
time-nothing = No time tracked in this period.

items-title = Parts and work
items-empty = Nothing billed yet.
items-name = Name
items-amount = Amount
items-unit-price = Unit price
items-line-total = Total
items-remove = Remove
items-totals = Totals
items-parts-total = Parts
items-work-total = Work
items-total = Total
items-add-title = Add a line
items-kind = Kind
items-kind-catalog = Catalog part
items-kind-custom = Custom part
items-kind-work = Work
items-category = Category
items-part = Part
items-choose = Choose…
items-quantity = Quantity
items-part-number = Part number
items-work-name = Work done
items-price = Price
items-minutes = Minutes
items-add = Add

assign-title = Assign to a mechanic
assign-mechanic = Mechanic
assign-note = Note
assign-submit = Assign

new-title = New order
new-step-part = 1. Part
new-step-details = 2. Car and details
new-step-confirm = 3. Check and send
new-pick-category = Choose a category
new-pick-part = Choose a part: { $category }
new-part-count = { $count ->
    [one] { $count } part
   *[other] { $count } parts
}
new-back-categories = ← All categories
new-no-parts = This category has no parts yet.
new-next = Next
new-back = Back
new-review = Check the order
new-comment = Comment
new-check = Is everything right?
new-send = Send order

profile-title = Profile
profile-role-mechanic = Mechanic
profile-role-admin = Admin
profile-language = Language:
profile-password = Change password
profile-current-password = Current password
profile-new-password = New password
profile-repeat-password = New password again
profile-change-password = Change password
profile-password-changed = The password is changed.
profile-password-revoked = Your other sign-ins have ended and Telegram is unlinked: get a new code below to link it again.
profile-telegram = Telegram
profile-telegram-help = Get a code with your password and send it to the shop's bot: it will then message you about your orders.
profile-telegram-code = Get a code
profile-telegram-send = Send this to the bot:
