{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{SUBJECT}}</title>
</head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1e1e1e;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:600px;margin:0 auto">
<p>[[Bonjour,]]</p>
{{#K_CODE}}
<p>{{#TO_CONFIRM}}[[Votre code de confirmation est :]]{{/TO_CONFIRM}}{{#TO_MANAGE}}[[Votre code pour gérer votre rendez-vous est :]]{{/TO_MANAGE}} <strong style="font-size:1.4em;letter-spacing:.15em">{{CODE}}</strong></p>
<p>[[Il expire dans {{MINUTES}} minutes.]] [[Ne le communiquez à personne : la mairie ne vous le demandera jamais.]]</p>
<p>[[Si vous n'avez rien demandé, ignorez ce message.]]</p>
{{/K_CODE}}
{{#K_CONFIRMED}}<p><strong>[[Votre rendez-vous est confirmé.]]</strong></p>{{/K_CONFIRMED}}
{{#K_REMINDER}}<p><strong>[[Nous vous rappelons votre rendez-vous.]]</strong></p>{{/K_REMINDER}}
{{#K_MOVED}}<p><strong>[[Votre rendez-vous a été déplacé. Voici le nouvel horaire.]]</strong></p>{{/K_MOVED}}
{{#K_CANCELLED}}<p><strong>[[Votre rendez-vous est annulé.]]</strong></p>{{/K_CANCELLED}}
{{#K_CANCELLED_COMMUNE}}
<p><strong>[[La mairie a dû annuler votre rendez-vous. Nous vous prions de nous en excuser.]]</strong></p>
{{#REASON}}<p>[[Motif :]] {{REASON}}</p>{{/REASON}}
{{/K_CANCELLED_COMMUNE}}
{{#K_NOSHOW}}<p>[[Vous aviez rendez-vous et nous avons constaté votre absence : votre demande n'a donc pas pu être traitée.]]</p>{{/K_NOSHOW}}
{{#K_PICKUP}}
<p><strong>[[Votre demande de titre a été déposée. Voici votre rendez-vous pour retirer le titre (carte d'identité ou passeport), fixé après le délai d'instruction et de fabrication.]]</strong></p>
<p>[[Apportez le récépissé de dépôt de votre demande et votre ancien titre s'il ne vous a pas été repris.]]</p>
{{/K_PICKUP}}
{{#K_PICKUP_MOVED}}<p><strong>[[Votre titre n'est pas encore arrivé en mairie : votre rendez-vous de retrait est déplacé. Voici le nouvel horaire. Nous vous prions de nous en excuser.]]</strong></p>{{/K_PICKUP_MOVED}}
{{#K_WAIT_CODE}}
<p>[[Votre code pour vous inscrire sur la liste d'attente est :]] <strong style="font-size:1.4em;letter-spacing:.15em">{{CODE}}</strong></p>
<p>[[Il expire dans 10 minutes.]] [[Ne le communiquez à personne : la mairie ne vous le demandera jamais.]]</p>
<p>[[Si vous n'avez rien demandé, ignorez ce message.]]</p>
{{/K_WAIT_CODE}}
{{#K_URG_REFUSED}}
<p><strong>[[La mairie n'a pas pu accepter votre demande de rendez-vous urgent.]]</strong></p>
{{#REASON}}<p>[[Motif :]] {{REASON}}</p>{{/REASON}}
<p>[[Référence :]] <strong>{{REF}}</strong><br>[[Démarche :]] {{PROCEDURE}}</p>
<p>[[Vous pouvez prendre un rendez-vous ordinaire sur le site, ou contacter la mairie.]]</p>
{{/K_URG_REFUSED}}
{{#K_WAIT_JOINED}}
<p><strong>[[Vous êtes inscrit sur la liste d'attente. Quand une place se libère pour votre démarche, nous vous l'écrivons, dans l'ordre des inscriptions.]]</strong></p>
<p>[[Référence :]] <strong>{{REF}}</strong><br>[[Démarche :]] {{PROCEDURE}}</p>
{{/K_WAIT_JOINED}}
{{#K_WAIT_OFFER}}
<p><strong>[[Un rendez-vous s'est libéré et nous vous le gardons jusqu'à {{UNTIL}}.]]</strong></p>
<p><a href="{{OFFER_URL}}" style="color:#000091">[[Voir et confirmer ce rendez-vous]]</a></p>
<p>[[Sans confirmation à temps, il est proposé à la personne suivante et vous restez sur la liste.]]</p>
{{/K_WAIT_OFFER}}
{{#K_SURVEY}}
<p>[[Vous êtes venu(e) le {{DATE}} à {{SITE}}. Votre avis aide la mairie à améliorer l'accueil : cinq questions, deux minutes.]]</p>
<p><a href="{{SURVEY_URL}}" style="color:#000091">[[Donner mon avis]]</a></p>
<p>[[Vos réponses sont anonymes : elles ne sont pas reliées à votre nom ni à votre rendez-vous. Les résultats sont publiés sur la page Qualité.]]</p>
{{/K_SURVEY}}
{{#K_COMPLAINT_CODE}}
<p>[[Votre code pour envoyer votre réclamation est :]] <strong style="font-size:1.4em;letter-spacing:.15em">{{CODE}}</strong></p>
<p>[[Il expire dans 10 minutes.]] [[Ne le communiquez à personne : la mairie ne vous le demandera jamais.]]</p>
<p>[[Si vous n'avez rien demandé, ignorez ce message.]]</p>
{{/K_COMPLAINT_CODE}}
{{#K_COMPLAINT_ACK}}
<p><strong>[[Nous avons bien reçu votre réclamation et la traitons. Nous vous répondrons au plus tard le {{REPLY_BY}}.]]</strong></p>
<p>[[Référence :]] <strong>{{REF}}</strong></p>
{{/K_COMPLAINT_ACK}}
{{#K_COMPLAINT_REPLY}}
<p>[[Voici notre réponse à votre réclamation.]]</p>
<p>[[Référence :]] <strong>{{REF}}</strong></p>
<p style="white-space:pre-line">{{REPLY:pre_escape}}</p>
{{/K_COMPLAINT_REPLY}}
{{#DETAILS}}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">[[Référence :]]</th><td style="padding:2px 0"><strong>{{REF}}</strong></td></tr>
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">[[Démarche :]]</th><td style="padding:2px 0">{{PROCEDURE}}</td></tr>
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">[[Personnes :]]</th><td style="padding:2px 0">{{PERSONS}}</td></tr>
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">[[Date :]]</th><td style="padding:2px 0"><strong>{{DATE}}, {{TIME}}</strong></td></tr>
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">[[Lieu :]]</th><td style="padding:2px 0">{{SITE}}<br>{{ADDRESS}}<br>{{POSTCODE}} {{CITY}}</td></tr>
{{#ACCESS}}<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">[[Accès :]]</th><td style="padding:2px 0">{{ACCESS_INFO}}</td></tr>{{/ACCESS}}
</table>
{{/DETAILS}}
{{#DOCS}}
<h2 style="font-size:1.1em;margin:16px 0 4px">[[Pièces à apporter :]]</h2>
<ul style="margin-top:0">
{{#DOC}}<li>{{DOC}}</li>
{{/DOC}}
</ul>
{{/DOCS}}
{{#LEAVE}}<p><a href="{{LEAVE_URL}}" style="color:#000091">[[Quitter la liste d'attente]]</a></p>{{/LEAVE}}
{{#MANAGE}}<p><a href="{{MANAGE_URL}}" style="color:#000091">[[Voir, imprimer la convocation, annuler ou déplacer]]</a></p>{{/MANAGE}}
{{#ICS}}<p>[[Le fichier joint (rendez-vous.ics) ajoute ce rendez-vous à votre agenda.]]</p>{{/ICS}}
{{#K_CANCELLED}}<p><a href="{{HOME_URL}}" style="color:#000091">[[Prendre un nouveau rendez-vous]]</a></p>{{/K_CANCELLED}}
{{#K_CANCELLED_COMMUNE}}<p><a href="{{REBOOK_URL}}" style="color:#000091">[[Reprendre rendez-vous]]</a></p>{{/K_CANCELLED_COMMUNE}}
{{#K_NOSHOW}}
<p>[[Si vous avez toujours besoin de cette démarche, prenez un nouveau rendez-vous :]] <a href="{{HOME_URL}}" style="color:#000091">{{HOME_URL}}</a></p>
<p>[[Quand vous ne pouvez pas venir, merci d'annuler votre rendez-vous (lien de vos messages, ou page « Gérer mon rendez-vous ») : la place est alors proposée à une autre personne.]]</p>
{{/K_NOSHOW}}
<p>[[Cordialement,]]<br>{{SITE}}{{#CONTACT}}<br>{{COMMUNE_PHONE}} {{COMMUNE_EMAIL}}{{/CONTACT}}</p>
</div>
</body>
</html>
