{{%AUTOESCAPE context="HTML"}}
{{! plain text: no HTML escaping. The text/plain part of the emails. Every variable is :none and the loader (tpl_shim.cc) leaves the translations of the double-bracketed texts of a file holding this comment unescaped: this part is not HTML (msg_html.tpl is, and escapes). Blank lines are dropped by the loader: a line holding BI_NEWLINE makes a paragraph break (message.c tidies the result). }}
[[Bonjour,]]
{{BI_NEWLINE}}
{{#K_CODE}}
{{#TO_CONFIRM}}[[Votre code de confirmation est :]]{{/TO_CONFIRM}}{{#TO_MANAGE}}[[Votre code pour gérer votre rendez-vous est :]]{{/TO_MANAGE}} {{CODE:none}}
[[Il expire dans {{MINUTES:none}} minutes.]] [[Ne le communiquez à personne : la mairie ne vous le demandera jamais.]]
{{BI_NEWLINE}}
[[Si vous n'avez rien demandé, ignorez ce message.]]
{{/K_CODE}}
{{#K_CONFIRMED}}
[[Votre rendez-vous est confirmé.]]
{{/K_CONFIRMED}}
{{#K_REMINDER}}
[[Nous vous rappelons votre rendez-vous.]]
{{/K_REMINDER}}
{{#K_MOVED}}
[[Votre rendez-vous a été déplacé. Voici le nouvel horaire.]]
{{/K_MOVED}}
{{#K_CANCELLED}}
[[Votre rendez-vous est annulé.]]
{{/K_CANCELLED}}
{{#K_CANCELLED_COMMUNE}}
[[La mairie a dû annuler votre rendez-vous. Nous vous prions de nous en excuser.]]
{{#REASON}}
[[Motif :]] {{REASON:none}}
{{/REASON}}
{{/K_CANCELLED_COMMUNE}}
{{#K_NOSHOW}}
[[Vous aviez rendez-vous et nous avons constaté votre absence : votre demande n'a donc pas pu être traitée.]]
{{/K_NOSHOW}}
{{#K_PICKUP}}
[[Votre demande de titre a été déposée. Voici votre rendez-vous pour retirer le titre (carte d'identité ou passeport), fixé après le délai d'instruction et de fabrication.]]
[[Apportez le récépissé de dépôt de votre demande et votre ancien titre s'il ne vous a pas été repris.]]
{{/K_PICKUP}}
{{#K_PICKUP_MOVED}}
[[Votre titre n'est pas encore arrivé en mairie : votre rendez-vous de retrait est déplacé. Voici le nouvel horaire. Nous vous prions de nous en excuser.]]
{{/K_PICKUP_MOVED}}
{{#K_WAIT_CODE}}
[[Votre code pour vous inscrire sur la liste d'attente est :]] {{CODE:none}}
[[Il expire dans 10 minutes.]] [[Ne le communiquez à personne : la mairie ne vous le demandera jamais.]]
{{BI_NEWLINE}}
[[Si vous n'avez rien demandé, ignorez ce message.]]
{{/K_WAIT_CODE}}
{{#K_URG_REFUSED}}
[[La mairie n'a pas pu accepter votre demande de rendez-vous urgent.]]
{{#REASON}}
[[Motif :]] {{REASON:none}}
{{/REASON}}
[[Référence :]] {{REF:none}}
[[Démarche :]] {{PROCEDURE:none}}
[[Vous pouvez prendre un rendez-vous ordinaire sur le site, ou contacter la mairie.]]
{{/K_URG_REFUSED}}
{{#K_WAIT_JOINED}}
[[Vous êtes inscrit sur la liste d'attente. Quand une place se libère pour votre démarche, nous vous l'écrivons, dans l'ordre des inscriptions.]]
[[Référence :]] {{REF:none}}
[[Démarche :]] {{PROCEDURE:none}}
{{/K_WAIT_JOINED}}
{{#K_WAIT_OFFER}}
[[Un rendez-vous s'est libéré et nous vous le gardons jusqu'à {{UNTIL:none}}. Pour le prendre, confirmez-le :]]
{{OFFER_URL:none}}
[[Sans confirmation à temps, il est proposé à la personne suivante et vous restez sur la liste.]]
{{/K_WAIT_OFFER}}
{{#K_SURVEY}}
[[Vous êtes venu(e) le {{DATE:none}} à {{SITE:none}}. Votre avis aide la mairie à améliorer l'accueil : cinq questions, deux minutes.]]
{{SURVEY_URL:none}}
[[Vos réponses sont anonymes : elles ne sont pas reliées à votre nom ni à votre rendez-vous. Les résultats sont publiés sur la page Qualité.]]
{{/K_SURVEY}}
{{#K_COMPLAINT_CODE}}
[[Votre code pour envoyer votre réclamation est :]] {{CODE:none}}
[[Il expire dans 10 minutes.]] [[Ne le communiquez à personne : la mairie ne vous le demandera jamais.]]
{{BI_NEWLINE}}
[[Si vous n'avez rien demandé, ignorez ce message.]]
{{/K_COMPLAINT_CODE}}
{{#K_COMPLAINT_ACK}}
[[Nous avons bien reçu votre réclamation et la traitons. Nous vous répondrons au plus tard le {{REPLY_BY:none}}.]]
[[Référence :]] {{REF:none}}
{{/K_COMPLAINT_ACK}}
{{#K_COMPLAINT_REPLY}}
[[Voici notre réponse à votre réclamation.]]
[[Référence :]] {{REF:none}}
{{BI_NEWLINE}}
{{REPLY:none}}
{{/K_COMPLAINT_REPLY}}
{{#DETAILS}}
{{BI_NEWLINE}}
[[Référence :]] {{REF:none}}
[[Démarche :]] {{PROCEDURE:none}}
[[Personnes :]] {{PERSONS:none}}
[[Date :]] {{DATE:none}}, {{TIME:none}}
[[Lieu :]] {{SITE:none}}, {{ADDRESS:none}}, {{POSTCODE:none}} {{CITY:none}}
{{#ACCESS}}
[[Accès :]] {{ACCESS_INFO:none}}
{{/ACCESS}}
{{/DETAILS}}
{{#DOCS}}
{{BI_NEWLINE}}
[[Pièces à apporter :]]
{{#DOC}}
- {{DOC:none}}
{{/DOC}}
{{/DOCS}}
{{#LEAVE}}
{{BI_NEWLINE}}
[[Pour quitter la liste d'attente :]]
{{LEAVE_URL:none}}
{{/LEAVE}}
{{#MANAGE}}
{{BI_NEWLINE}}
[[Voir, imprimer la convocation, annuler ou déplacer :]]
{{MANAGE_URL:none}}
{{/MANAGE}}
{{#ICS}}
{{BI_NEWLINE}}
[[Le fichier joint (rendez-vous.ics) ajoute ce rendez-vous à votre agenda.]]
{{/ICS}}
{{#K_CANCELLED}}
{{BI_NEWLINE}}
[[Pour prendre un nouveau rendez-vous :]]
{{HOME_URL:none}}
{{/K_CANCELLED}}
{{#K_CANCELLED_COMMUNE}}
{{BI_NEWLINE}}
[[Pour reprendre rendez-vous :]]
{{REBOOK_URL:none}}
{{/K_CANCELLED_COMMUNE}}
{{#K_NOSHOW}}
{{BI_NEWLINE}}
[[Si vous avez toujours besoin de cette démarche, prenez un nouveau rendez-vous :]]
{{HOME_URL:none}}
{{BI_NEWLINE}}
[[Quand vous ne pouvez pas venir, merci d'annuler votre rendez-vous (lien de vos messages, ou page « Gérer mon rendez-vous ») : la place est alors proposée à une autre personne.]]
{{/K_NOSHOW}}
{{BI_NEWLINE}}
[[Cordialement,]]
{{SITE:none}}
{{#CONTACT}}
{{COMMUNE_PHONE:none}} {{COMMUNE_EMAIL:none}}
{{/CONTACT}}
