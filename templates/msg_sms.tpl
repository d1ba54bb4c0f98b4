{{%AUTOESCAPE context="HTML"}}
{{! plain text: no HTML escaping. The SMS texts, one line per kind. A text message is not HTML: every variable is :none and the loader (tpl_shim.cc) leaves the translations of the double-bracketed texts of a file holding this comment unescaped. message.c folds the result to the GSM 03.38 alphabet and keeps it within one 160-character segment (it shortens SITE, then COMMUNE, when needed, then takes the kind's _SHORT variant if there is one): avoid â ê î ô û ç in these texts, which would be folded. }}
{{#K_CODE}}{{#TO_CONFIRM}}[[Créneau : votre code de confirmation est {{CODE:none}}. Il expire dans {{MINUTES:none}} minutes. Ne le communiquez à personne.]]{{/TO_CONFIRM}}{{#TO_MANAGE}}[[Créneau : votre code pour gérer votre rendez-vous est {{CODE:none}}. Il expire dans {{MINUTES:none}} minutes. Ne le communiquez à personne.]]{{/TO_MANAGE}}{{/K_CODE}}
{{#K_CONFIRMED}}[[RDV confirmé le {{WHEN:none}}, {{SITE:none}}. Réf. {{REF:none}}. Pièces à apporter, annuler ou déplacer : {{GERER_URL:none}}]]{{/K_CONFIRMED}}
{{#K_REMINDER}}[[Rappel : RDV le {{WHEN:none}}, {{SITE:none}}. Réf. {{REF:none}}. Pièces à apporter, annuler ou déplacer : {{GERER_URL:none}}]]{{/K_REMINDER}}
{{#K_MOVED}}[[Votre RDV (réf. {{REF:none}}) est déplacé au {{WHEN:none}}, {{SITE:none}}. Détails : {{GERER_URL:none}}]]{{/K_MOVED}}
{{#K_CANCELLED}}[[Votre RDV du {{WHEN:none}} (réf. {{REF:none}}) est annulé. Nouveau RDV : {{HOME_URL:none}}]]{{/K_CANCELLED}}
{{#K_CANCELLED_COMMUNE}}[[{{COMMUNE:none}} : RDV du {{WHEN:none}} (réf. {{REF:none}}) annulé par la mairie. Reprendre RDV : {{REBOOK_URL:none}}]]{{/K_CANCELLED_COMMUNE}}
{{#K_CANCELLED_COMMUNE_SHORT}}[[RDV annulé par la mairie : {{REBOOK_URL:none}}]]{{/K_CANCELLED_COMMUNE_SHORT}}
{{#K_NOSHOW}}[[{{COMMUNE:none}} : nous avons constaté votre absence au RDV du {{WHEN:none}} (réf. {{REF:none}}). Nouveau RDV : {{HOME_URL:none}}]]{{/K_NOSHOW}}
{{#K_PICKUP}}[[RDV de retrait de votre titre le {{WHEN:none}}, {{SITE:none}}. Réf. {{REF:none}}. Apportez le récépissé. Détails : {{GERER_URL:none}}]]{{/K_PICKUP}}
{{#K_PICKUP_MOVED}}[[Titre en retard : votre RDV de retrait (réf. {{REF:none}}) est déplacé au {{WHEN:none}}, {{SITE:none}}. Détails : {{GERER_URL:none}}]]{{/K_PICKUP_MOVED}}
{{#K_WAIT_CODE}}[[Créneau : votre code pour la liste d'attente est {{CODE:none}}. Il expire dans 10 minutes. Ne le communiquez à personne.]]{{/K_WAIT_CODE}}
{{#K_WAIT_JOINED}}[[Inscrit sur la liste d'attente (réf. {{REF:none}}). Pour la quitter : {{LEAVE_URL:none}}]]{{/K_WAIT_JOINED}}
{{#K_WAIT_OFFER}}[[RDV libéré pour vous le {{WHEN:none}}, {{SITE:none}}. Gardé jusqu'à {{UNTIL:none}} : {{OFFER_URL:none}}]]{{/K_WAIT_OFFER}}
{{#K_URG_REFUSED}}[[{{COMMUNE:none}} : votre demande de RDV urgent (réf. {{REF:none}}) n'a pas pu être acceptée. Motif : {{REASON:none}}]]{{/K_URG_REFUSED}}
{{#K_WAIT_OFFER_SHORT}}[[RDV libéré pour vous le {{WHEN:none}}. Gardé jusqu'à {{UNTIL:none}} : {{OFFER_URL:none}}]]{{/K_WAIT_OFFER_SHORT}}
{{#K_SURVEY}}[[{{COMMUNE:none}} : donnez votre avis sur votre RDV (2 min, anonyme) : {{SURVEY_URL:none}}]]{{/K_SURVEY}}
{{#K_SURVEY_SHORT}}[[Votre avis sur votre RDV : {{SURVEY_URL:none}}]]{{/K_SURVEY_SHORT}}
{{#K_COMPLAINT_CODE}}[[Créneau : votre code pour envoyer votre réclamation est {{CODE:none}}. Il expire dans 10 minutes. Ne le communiquez à personne.]]{{/K_COMPLAINT_CODE}}
{{#K_COMPLAINT_ACK}}[[{{COMMUNE:none}} : réclamation enregistrée, réf. {{REF:none}}. Réponse au plus tard le {{REPLY_BY:none}}.]]{{/K_COMPLAINT_ACK}}
{{#K_COMPLAINT_REPLY}}[[{{COMMUNE:none}} : la réponse à votre réclamation {{REF:none}} vous est envoyée par courrier.]]{{/K_COMPLAINT_REPLY}}
