{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Merci pour votre avis]]</h1>
<p class="notice" role="status">[[Votre réponse est enregistrée, sans lien avec votre nom ni votre rendez-vous.]]</p>
<p>[[La mairie publie chaque trimestre les résultats de l'enquête, par lieu, avec les actions qu'elle mène en réponse.]]</p>
<p><a href="/qualite">[[Voir les résultats publiés de l'enquête]]</a></p>
<p><a href="/">[[Retour à l'accueil]]</a></p>
{{>FOOTER}}
