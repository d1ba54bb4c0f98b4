{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>
<p><a class="button" href="/">[[Retour à l'accueil]]</a> <a href="/gerer">[[Gérer mon rendez-vous]]</a></p>
{{>FOOTER}}
