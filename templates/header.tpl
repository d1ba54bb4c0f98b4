{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}} — Créneau</title>
<link rel="stylesheet" href="/static/css/app.css">
</head>
<body>
<a class="skip" href="#contenu">[[Aller au contenu]]</a>
<header class="site-header">
<div class="wrap bar">
<p class="brand"><a href="/">Créneau</a> <span class="tagline">[[Rendez-vous en mairie en Haute-Savoie]]</span></p>
{{! On a phone the menu folds behind this link, without JavaScript (#menu:target opens it). }}
<a class="menu-toggle" href="#menu">[[Menu]]</a>
<nav id="menu" aria-label="[[Menu principal]]">
<ul>
<li><a href="/">[[Prendre rendez-vous]]</a></li>
<li><a href="/gerer">[[Gérer mon rendez-vous]]</a></li>
<li><a href="/faq">[[Questions fréquentes]]</a></li>
<li><a href="/delais">[[Délais]]</a></li>
{{#DEV_OUTBOX}}<li><a href="/outbox">[[Messages envoyés (démo)]]</a></li>{{/DEV_OUTBOX}}
{{#LANG_OPTION}}<li><a href="{{URL}}" lang="{{CODE}}" hreflang="{{CODE}}">{{LABEL}}</a></li>{{/LANG_OPTION}}
<li class="menu-close"><a href="#contenu">[[Fermer le menu]]</a></li>
</ul>
</nav>
</div>
</header>
<main id="contenu" class="wrap">
{{#STATUS_BANNER}}<div class="status-banner status-{{STATE}}" role="status"><p><strong>[[État du service :]]</strong> {{TEXT}}. <a href="/statut">[[Voir l'état du service]]</a></p></div>{{/STATUS_BANNER}}
