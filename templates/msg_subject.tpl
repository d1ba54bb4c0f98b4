{{%AUTOESCAPE context="HTML"}}
{{! plain text: no HTML escaping. Email subjects (one line; RFC 2047 encoding is done when the mail is built). Every variable is :none and the loader (tpl_shim.cc) leaves the translations of the double-bracketed texts of a file holding this comment unescaped. }}
{{#K_CODE}}{{#TO_CONFIRM}}[[Votre code de confirmation]]{{/TO_CONFIRM}}{{#TO_MANAGE}}[[Votre code pour gérer votre rendez-vous]]{{/TO_MANAGE}}{{/K_CODE}}
{{#K_CONFIRMED}}[[Rendez-vous confirmé : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_CONFIRMED}}
{{#K_REMINDER}}[[Rappel de votre rendez-vous : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_REMINDER}}
{{#K_MOVED}}[[Rendez-vous déplacé : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_MOVED}}
{{#K_CANCELLED}}[[Rendez-vous annulé : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_CANCELLED}}
{{#K_CANCELLED_COMMUNE}}[[La mairie a annulé votre rendez-vous : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_CANCELLED_COMMUNE}}
{{#K_NOSHOW}}[[Absence à votre rendez-vous : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_NOSHOW}}
{{#K_PICKUP}}[[Rendez-vous de retrait de votre titre : {{DATE:none}}]]{{/K_PICKUP}}
{{#K_PICKUP_MOVED}}[[Titre en retard, rendez-vous de retrait déplacé : {{DATE:none}}]]{{/K_PICKUP_MOVED}}
{{#K_WAIT_CODE}}[[Votre code pour la liste d'attente]]{{/K_WAIT_CODE}}
{{#K_URG_REFUSED}}[[Votre demande de rendez-vous urgent : {{PROCEDURE:none}}]]{{/K_URG_REFUSED}}
{{#K_WAIT_JOINED}}[[Vous êtes sur la liste d'attente : {{PROCEDURE:none}}]]{{/K_WAIT_JOINED}}
{{#K_WAIT_OFFER}}[[Un rendez-vous s'est libéré pour vous : {{PROCEDURE:none}}, {{DATE:none}}]]{{/K_WAIT_OFFER}}
{{#K_SURVEY}}[[Votre avis sur votre rendez-vous du {{DATE:none}}]]{{/K_SURVEY}}
{{#K_COMPLAINT_CODE}}[[Votre code pour envoyer votre réclamation]]{{/K_COMPLAINT_CODE}}
{{#K_COMPLAINT_ACK}}[[Votre réclamation est enregistrée : référence {{REF:none}}]]{{/K_COMPLAINT_ACK}}
{{#K_COMPLAINT_REPLY}}[[Réponse à votre réclamation {{REF:none}}]]{{/K_COMPLAINT_REPLY}}
