{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}} — Créneau</title>
<link rel="stylesheet" href="/static/css/app.css">
</head>
<body class="staff">
<a class="skip" href="#contenu">[[Aller au contenu]]</a>
<header class="site-header">
<div class="wrap">
<p class="brand"><a href="/agent/">Créneau</a> <span class="tagline">[[Espace du personnel]]</span></p>
{{#SIGNED_IN}}
<nav aria-label="[[Menu du personnel]]">
<ul>
{{#NAV_TECH}}<li><a href="/agent/statut">[[État du service]]</a></li>{{/NAV_TECH}}{{#NAV_STAFF}}<li><a href="/agent/">[[Accueil]]</a></li>
{{#NAV_BOOKINGS}}<li><a href="/agent/creneaux">[[Prendre un rendez-vous]]</a></li>
<li><a href="/agent/rdv">[[Rendez-vous à venir]]</a></li>
<li><a href="/agent/recherche">[[Rechercher]]</a></li>{{/NAV_BOOKINGS}}
<li><a href="/agent/assistance">[[Assistance]]</a></li>
{{#NAV_HELPDESK}}<li><a href="/agent/faq">[[FAQ]]</a></li>{{/NAV_HELPDESK}}{{/NAV_STAFF}}
{{#NAV_EQUIPPED}}<li><a href="/agent/urgences">[[Demandes urgentes]]</a></li>
<li><a href="/agent/planning">[[Planning]]</a></li>
<li><a href="/agent/fermetures">[[Fermetures et pannes]]</a></li>
<li><a href="/agent/reclamations">[[Réclamations]]</a></li>{{/NAV_EQUIPPED}}
{{#NAV_ADMIN}}<li><a href="/stats/">[[Statistiques]]</a></li>
<li><a href="/agent/lieux">[[Lieux et appareils]]</a></li>
<li><a href="/agent/parametres">[[Paramètres]]</a></li>
<li><a href="/agent/retraits">[[Retraits]]</a></li>
<li><a href="/agent/qualite">[[Enquête de satisfaction]]</a></li>
<li><a href="/agent/personnel">[[Personnel]]</a></li>
<li><a href="/agent/journal">[[Journal]]</a></li>
<li><a href="/agent/personne">[[Droits des personnes]]</a></li>
<li><a href="/agent/webhooks">[[Webhooks]]</a></li>{{/NAV_ADMIN}}
{{#NAV_PLATFORM}}<li><a href="/agent/demarches">[[Démarches]]</a></li>{{/NAV_PLATFORM}}
{{#LANG_OPTION}}<li><a href="{{URL}}" lang="{{CODE}}" hreflang="{{CODE}}">{{LABEL}}</a></li>{{/LANG_OPTION}}
</ul>
</nav>
<div class="who">
<p>{{STAFF_NAME}} — {{STAFF_COMMUNE}} ({{STAFF_ROLE}}) · <a href="/agent/securite">[[Sécurité du compte]]</a></p>
<form action="/agent/deconnexion" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">[[Se déconnecter]]</button></form>
</div>
{{/SIGNED_IN}}
</div>
</header>
<main id="contenu" class="wrap">
{{#STATUS_BANNER}}<div class="status-banner status-{{STATE}}" role="status"><p><strong>[[État du service :]]</strong> {{TEXT}}. <a href="/statut">[[Voir l'état du service]]</a></p></div>{{/STATUS_BANNER}}
