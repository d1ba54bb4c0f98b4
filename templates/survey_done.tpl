{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Vous avez déjà répondu]]</h1>
<div class="alert" role="alert"><p>[[Une seule réponse est possible par rendez-vous, et la vôtre est déjà enregistrée. Elle ne peut plus être modifiée : elle n'est pas reliée à votre rendez-vous.]]</p></div>
<p><a href="/qualite">[[Voir les résultats publiés de l'enquête]]</a></p>
<p><a href="/">[[Prendre un autre rendez-vous]]</a></p>
{{>FOOTER}}
