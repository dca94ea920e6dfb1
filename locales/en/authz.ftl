# Refusals of the authorization checks (who may act in an office group).
authz-refused-via-bot = Messages sent through an inline bot are not acted on; send it directly.
authz-refused-unverified = Your membership of this group could not be checked just now; please try again in a minute.
authz-refused-not-admin = Only an administrator of this group can link it to an office or unlink it.
authz-refused-public-group = A public group (one with a public link that anyone can join) cannot be linked to an office: anyone could read the cases. Make the group private in its settings, then send /link CODE again.
