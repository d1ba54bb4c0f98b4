{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Reprendre un rendez-vous]]</h1>
<p>[[Votre rendez-vous]] {{REF}} [[du]] {{DATE}} [[à]] {{TIME}} [[a été annulé par la mairie. Choisissez un nouvel horaire : il est réservé aussitôt pour les mêmes personnes.]]</p>
{{#NONE}}<p role="status">[[Aucun créneau libre pour l'instant dans cette commune.]] <a href="/">[[Chercher dans une autre commune]]</a></p>{{/NONE}}
<form action="/rdv/{{REF}}/reprendre" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<ul class="times">
{{#FREE}}<li><button type="submit" name="creneau" value="{{SLOT_ID}}" class="button time">{{LABEL}}</button></li>
{{/FREE}}
</ul>
</form>
<p><a href="/">[[Chercher un autre lieu]]</a></p>
{{>FOOTER}}
