# A worker who scanned a worksite's rights-protection signboard: confirm the site, then the complaint.

start-code-revoked = This QR code is no longer valid (the worksite's signboard has a new one). Please choose your worksite's location by hand.
ask-project-confirm =
    You scanned the QR code of this worksite:
    Worksite: { $project }
    General contractor: { $contractor }
    Is this where you worked?
button-project-yes = Yes, this is my worksite
button-project-no = No, I worked somewhere else
project-declined = All right, please choose your worksite's location by hand.
